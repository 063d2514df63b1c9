import { useEffect, useId, useRef, useState } from 'react';
import { plural, useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import type { Page, ShareCandidate } from './model';
import { problemWording } from '../../lib/problem-wording';
import { pluralWording, wording, worded, type Wording } from '../../lib/wording';

const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'] as const;
type Check = { tlp: string; defaults: { name: string; description: string }; candidates: ShareCandidate[] };
type Preview = {
  canSend: boolean;
  package: { name: string; description: string; tlp: string; items: { indicatorId: string; type: string; value: string; forBlocking: boolean; overrideReason: string | null }[] } | null;
  reach: { everyone: 'public' | 'members' | null; organizations: { id: string; name: string }[] } | null;
  removals: Record<string, number>;
  problems: { code: string; indicatorId?: string }[];
};
/** The analyst's choice for one indicator; `touched` once they (de)selected it, so a new package TLP no longer changes it. */
type Choice = { selected: boolean; reason: string; forBlocking: boolean; touched: boolean };

/** A translated sentence for a share problem (never the server's English detail). */
function problemText(error: unknown): Wording {
  return problemWording(error, { SHARE_ITEMS_FLAGGED: 'error.SHARE_ITEMS_FLAGGED', SHARE_REACHES_NOBODY: 'error.SHARE_REACHES_NOBODY' });
}

/**
 * The share dialog: every indicator with its warninglist flags, flagged ones deselected, an
 * override needs a reason per item; TLP and recipients; a preview of exactly what recipients get
 * (scrubbed texts, items, reach) before the irreversible share. An indicator without its own label
 * goes out at the package's TLP; when the package TLP changes, the rows the analyst has not touched
 * take the new check's default (a reporter's label may now be stricter, or no longer), the others
 * keep the analyst's choice.
 */
export function ShareDialog({ incidentId, onShared }: { incidentId: string; onShared: () => void }) {
  const { t, lang } = useI18n();
  const ids = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [tlp, setTlp] = useState<(typeof TLPS)[number]>('GREEN');
  const [check, setCheck] = useState<Check | null>(null);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [organizations, setOrganizations] = useState<{ id: string; name: string; kind: string }[]>([]);
  const [audience, setAudience] = useState<string[]>([]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<Wording | null>(null);
  const [done, setDone] = useState<Wording | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open) return;
    api
      .get<Check>(`/incidents/${incidentId}/share/check`, { query: { tlp } })
      .then((result) => {
        setCheck(result);
        setName((value) => value || result.defaults.name);
        setDescription((value) => value || result.defaults.description);
        setChoices((previous) =>
          Object.fromEntries(
            result.candidates.map((candidate) => {
              const before = previous[candidate.indicatorId];
              const fresh: Choice = { selected: candidate.selectedByDefault, reason: '', forBlocking: !candidate.flags.some((flag) => flag.category === 'benign-service' || flag.category === 'scanner-or-sinkhole'), touched: false };
              return [candidate.indicatorId, before?.touched ? before : before ? { ...before, selected: fresh.selected } : fresh];
            }),
          ),
        );
      })
      .catch((error: unknown) => setProblem(problemText(error)));
    setPreview(null);
  }, [open, tlp, incidentId, t]);

  useEffect(() => {
    if (!open || organizations.length > 0) return;
    api.get<Page<{ id: string; name: string; kind: string }>>('/organizations', { query: { limit: 500 } }).then((page) => setOrganizations(page.items.filter((org) => org.kind !== 'cert'))).catch(() => undefined);
  }, [open, organizations.length]);

  const amber = tlp === 'AMBER' || tlp === 'AMBER+STRICT';
  const body = () => ({
    package: {
      tlp,
      name,
      description,
      audience: { organizations: amber ? audience : [] },
      items: (check?.candidates ?? [])
        .filter((candidate) => choices[candidate.indicatorId]?.selected)
        .map((candidate) => {
          const choice = choices[candidate.indicatorId]!;
          return { indicatorId: candidate.indicatorId, forBlocking: choice.forBlocking, ...(candidate.flags.length > 0 && choice.reason.trim() ? { overrideReason: choice.reason.trim() } : {}) };
        }),
    },
  });
  const chosen = Object.values(choices).filter((choice) => choice.selected).length;
  const showPreview = async () => {
    setProblem(null);
    if (chosen === 0) return setProblem(wording('shareDialog.none'));
    try {
      const result = await api.post<Preview>(`/incidents/${incidentId}/share/preview`, body());
      setPreview(result);
      if (!result.canSend) setProblem(wording(`error.${result.problems[0]!.code}` as MessageKey));
    } catch (error) {
      setProblem(problemText(error));
    }
  };
  const share = async () => {
    setProblem(null);
    try {
      const result = await api.post<{ package: { indicators: unknown[]; tlp: string } | null }>(`/incidents/${incidentId}/share`, body());
      setDone(wording('shareDialog.done', { count: pluralWording('ind.count', result.package?.indicators.length ?? 0), tlp: result.package?.tlp ?? tlp }));
      dialog.current?.close();
      onShared();
    } catch (error) {
      setProblem(problemText(error));
    }
  };
  const update = (id: string, change: Partial<Choice>) => {
    setChoices({ ...choices, [id]: { ...choices[id]!, ...change } });
    setPreview(null);
  };

  return (
    <>
      <button type="button" className="button button--primary" onClick={() => { setOpen(true); setDone(null); dialog.current?.showModal(); }}>{t('shareDialog.open')}</button>
      <p role="status">{worded(t, done)}</p>
      <dialog ref={dialog} className="dialog dialog--wide" aria-labelledby={`${ids}-title`} onClose={() => setOpen(false)}>
        <div className="form">
          <h2 id={`${ids}-title`}>{t('shareDialog.title')}</h2>
          <p>{t('shareDialog.intro')}</p>
          <div className="field">
            <label htmlFor={`${ids}-tlp`}>{t('shareDialog.tlp')}</label>
            <select id={`${ids}-tlp`} value={tlp} onChange={(event) => setTlp(event.target.value as (typeof TLPS)[number])}>
              {TLPS.map((value) => <option key={value} value={value}>TLP:{value}</option>)}
            </select>
          </div>
          {amber ? (
            <fieldset className="field">
              <legend>{t('shareDialog.recipients')}</legend>
              <p className="field-hint">{t('shareDialog.recipientsHint')}</p>
              <div className="share-recipients">
                {organizations.map((org) => (
                  <label key={org.id} className="checklist__item">
                    <input type="checkbox" checked={audience.includes(org.id)} onChange={(event) => { setAudience(event.target.checked ? [...audience, org.id] : audience.filter((id) => id !== org.id)); setPreview(null); }} />
                    <span>{org.name}</span>
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <table className="data-table">
            <caption className="visually-hidden">{t('shareDialog.title')}</caption>
            <thead>
              <tr><th scope="col">{t('shareDialog.col.share')}</th><th scope="col">{t('shareDialog.col.value')}</th><th scope="col">{t('shareDialog.col.flags')}</th><th scope="col">{t('shareDialog.col.blocking')}</th></tr>
            </thead>
            <tbody>
              {(check?.candidates ?? []).map((candidate) => {
                const choice = choices[candidate.indicatorId];
                if (!choice) return null;
                const rowId = `${ids}-${candidate.indicatorId}`;
                return (
                  <tr key={candidate.indicatorId} className={candidate.flags.length > 0 ? 'row--flagged' : undefined}>
                    <td><input type="checkbox" id={rowId} checked={choice.selected} onChange={(event) => update(candidate.indicatorId, { selected: event.target.checked, touched: true })} aria-describedby={`${rowId}-tlp ${rowId}-flags`} /></td>
                    <td><label htmlFor={rowId}><code className="break">{candidate.value}</code></label> <span className="muted">({t(`ind.type.${candidate.type}` as MessageKey)})</span>
                      <br />
                      <span id={`${rowId}-tlp`} className="muted">{t(candidate.tlpExplicit ? 'shareDialog.tlpOwn' : 'shareDialog.tlpPackage', { tlp: candidate.tlp })}</span>
                    </td>
                    <td id={`${rowId}-flags`}>
                      {candidate.flags.length === 0 ? <span className="muted">{t('shareDialog.noFlags')}</span> : (
                        <ul className="plain-list">
                          {candidate.flags.map((flag) => <li key={`${flag.category}-${flag.list ?? ''}`}><strong>{t(`flag.${flag.category}` as MessageKey)}</strong>: {flag.reason[lang]}</li>)}
                        </ul>
                      )}
                      {choice.selected && candidate.flags.length > 0 ? (
                        <div className="field">
                          <label htmlFor={`${rowId}-reason`}>{t('shareDialog.override')}</label>
                          <input id={`${rowId}-reason`} value={choice.reason} minLength={10} required onChange={(event) => update(candidate.indicatorId, { reason: event.target.value })} />
                        </div>
                      ) : null}
                    </td>
                    <td><input type="checkbox" aria-label={`${t('shareDialog.col.blocking')}: ${candidate.value}`} checked={choice.forBlocking} onChange={(event) => update(candidate.indicatorId, { forBlocking: event.target.checked })} /></td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="field">
            <label htmlFor={`${ids}-name`}>{t('shareDialog.name')}</label>
            <input id={`${ids}-name`} value={name} onChange={(event) => { setName(event.target.value); setPreview(null); }} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-description`}>{t('shareDialog.description')}</label>
            <textarea id={`${ids}-description`} rows={3} value={description} onChange={(event) => { setDescription(event.target.value); setPreview(null); }} />
          </div>
          {preview?.package && preview.canSend ? (
            <section className="notice" aria-labelledby={`${ids}-preview`}>
              <h3 id={`${ids}-preview`} className="notice__title">{t('shareDialog.previewTitle')}</h3>
              <p><strong>TLP:{preview.package.tlp}</strong> · {preview.reach?.everyone === 'public' ? t('shareDialog.reachEveryonePublic') : preview.reach?.everyone === 'members' ? t('shareDialog.reachMembers') : t('shareDialog.reachOrganizations', { orgs: plural(t, lang, 'ind.orgs', preview.reach?.organizations.length ?? 0), names: (preview.reach?.organizations ?? []).map((org) => org.name).join(', ') || '–' })}</p>
              <p><strong>{preview.package.name}</strong></p>
              <p className="pre-line">{preview.package.description}</p>
              <ul className="plain-list">{preview.package.items.map((item) => <li key={item.indicatorId}><code className="break">{item.value}</code>{item.forBlocking ? '' : ` (${t('ind.filter.no')} ${t('shareDialog.col.blocking')})`}</li>)}</ul>
              <p className="muted">{Object.keys(preview.removals).length > 0 ? t('shareDialog.removed', { list: Object.entries(preview.removals).map(([kind, count]) => `${count}× ${t(`removed.${kind}` as MessageKey)}`).join(', ') }) : t('shareDialog.removedNothing')}</p>
              <p>{t('shareDialog.irreversible')}</p>
            </section>
          ) : null}
          {problem ? <p role="alert" className="field-error">{worded(t, problem)}</p> : null}
          <div className="form__actions">
            <button type="button" className="button button--secondary" onClick={() => void showPreview()}>{t('shareDialog.preview')}</button>
            <button type="button" className="button button--primary" disabled={!preview?.canSend} onClick={() => void share()}>{t('shareDialog.confirm')}</button>
            <button type="button" className="button button--secondary" onClick={() => dialog.current?.close()}>{t('common.cancel')}</button>
          </div>
        </div>
      </dialog>
    </>
  );
}
