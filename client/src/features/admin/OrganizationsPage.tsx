import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { Link } from '../../app/router';
import { ProblemNotice, SuccessNotice } from '../../components/ProblemNotice';
import { useI18n, type MessageKey } from '../../i18n';
import type { ApiError} from '../../lib/api';
import { api } from '../../lib/api';
import { organizationKindLabel } from '../../lib/labels';
import { ORGANIZATION_KINDS } from '../../lib/session-types';
import { toApiError } from '../../lib/use-resource';
import { wording, worded, type Wording } from '../../lib/wording';
import { ADMIN_PATHS, SECTORS, useAllOrganizations, type Organization, type Sector } from './model';
import '../account/account.css';

type Draft = { name: string; shortName: string; kind: string; sector: string; parentId: string; ags: string };
const EMPTY: Draft = { name: '', shortName: '', kind: 'municipality', sector: '', parentId: '', ags: '' };

function toDraft(org: Organization): Draft {
  return { name: org.name, shortName: org.shortName ?? '', kind: org.kind, sector: org.sector ?? '', parentId: org.parentId ?? '', ags: org.ags ?? '' };
}

/** Create or edit one organization: name, short name, kind, sector, parent, AGS. */
function OrganizationForm({ editing, organizations, onSaved, onCancel }: { editing: Organization | null; organizations: Organization[]; onSaved: (message: Wording) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(editing ? toDraft(editing) : EMPTY);
  // Message keys, worded at render time, so a field message follows a language switch.
  const [errors, setErrors] = useState<{ name?: MessageKey; ags?: MessageKey }>({});
  const [error, setError] = useState<ApiError | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setDraft(editing ? toDraft(editing) : EMPTY);
    if (editing) headingRef.current?.focus();
  }, [editing]);
  const set = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft((previous) => ({ ...previous, [field]: event.target.value }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const local: { name?: MessageKey; ags?: MessageKey } = {
      ...(draft.name.trim().length >= 2 ? {} : { name: 'orgs.form.nameInvalid' as const }),
      ...(draft.ags === '' || /^\d{8}$/.test(draft.ags) ? {} : { ags: 'orgs.form.agsInvalid' as const }),
    };
    setErrors(local);
    if (local.name || local.ags) {
      document.getElementById(local.name ? 'org-name' : 'org-ags')?.focus();
      return;
    }
    const body = {
      name: draft.name.trim(),
      shortName: draft.shortName.trim() || null,
      kind: draft.kind,
      sector: (draft.sector || null) as Sector | null,
      parentId: draft.parentId || null,
      ags: draft.ags || null,
    };
    setError(null);
    try {
      if (editing) await api.patch(`/organizations/${editing.id}`, body);
      else await api.post('/organizations', body);
      onSaved(wording(editing ? 'orgs.saved' : 'orgs.created', { name: body.name }));
      if (!editing) setDraft(EMPTY);
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  const invalid = (field: 'name' | 'ags') => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': `org-${field}-error` } : {});
  return (
    <section className="card panel" aria-labelledby="org-form-heading">
      <h2 id="org-form-heading" ref={headingRef} tabIndex={-1} className="section-title">
        {editing ? t('orgs.edit.title', { name: editing.name }) : t('orgs.create.title')}
      </h2>
      <ProblemNotice error={error} />
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className={`field${errors.name ? ' field--invalid' : ''}`}>
          <label htmlFor="org-name">{t('orgs.form.name')}</label>
          {errors.name ? <p id="org-name-error" className="field-error">{t(errors.name)}</p> : null}
          <input id="org-name" maxLength={200} value={draft.name} onChange={set('name')} {...invalid('name')} />
        </div>
        <div className="field">
          <label htmlFor="org-short">{t('orgs.form.shortName')}</label>
          <input id="org-short" maxLength={50} value={draft.shortName} onChange={set('shortName')} />
        </div>
        <div className="field">
          <label htmlFor="org-kind">{t('orgs.form.kind')}</label>
          <select id="org-kind" value={draft.kind} onChange={set('kind')}>
            {ORGANIZATION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {organizationKindLabel(t, kind)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="org-sector">{t('orgs.form.sector')}</label>
          <select id="org-sector" value={draft.sector} onChange={set('sector')}>
            <option value="">{t('orgs.form.noSector')}</option>
            {SECTORS.map((sector) => (
              <option key={sector} value={sector}>
                {t(`sector.${sector}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="org-parent">{t('orgs.form.parent')}</label>
          <p id="org-parent-hint" className="field-hint">
            {t('orgs.form.parentHint')}
          </p>
          <select id="org-parent" value={draft.parentId} onChange={set('parentId')} aria-describedby="org-parent-hint">
            <option value="">{t('orgs.form.noParent')}</option>
            {organizations
              .filter((org) => org.id !== editing?.id)
              .map((org) => (
                <option key={org.id} value={org.id}>
                  {org.name}
                </option>
              ))}
          </select>
        </div>
        <div className={`field${errors.ags ? ' field--invalid' : ''}`}>
          <label htmlFor="org-ags">{t('orgs.form.ags')}</label>
          <p id="org-ags-hint" className="field-hint">
            {t('orgs.form.agsHint')}
          </p>
          {errors.ags ? <p id="org-ags-error" className="field-error">{t(errors.ags)}</p> : null}
          <input id="org-ags" inputMode="numeric" maxLength={8} value={draft.ags} onChange={set('ags')} aria-invalid={errors.ags ? true : undefined} aria-describedby={['org-ags-hint', errors.ags ? 'org-ags-error' : ''].filter(Boolean).join(' ')} />
        </div>
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {editing ? t('common.save') : t('orgs.form.create')}
          </button>
          {editing ? (
            <button type="button" className="button button--secondary" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}

/** cert_admin: the organizations of the CERT network (list, create, edit, deactivate). */
export function OrganizationsPage(_props: PageProps) {
  const { t } = useI18n();
  const { state, reload } = useAllOrganizations();
  const [editing, setEditing] = useState<Organization | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Wording | null>(null);
  const organizations = state.status === 'ready' ? state.data : [];
  const nameOf = (id: string | null) => organizations.find((org) => org.id === id)?.name ?? '';

  const deactivate = async (org: Organization) => {
    if (!window.confirm(t('orgs.deactivateConfirm', { name: org.name }))) return;
    setError(null);
    try {
      await api.delete(`/organizations/${org.id}`);
      setDone(wording('orgs.deactivated', { name: org.name }));
      reload();
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t('orgs.title')}</h1>
        <p className="page-header__lead">{t('orgs.lead')}</p>
      </header>
      <ProblemNotice error={state.status === 'error' ? state.error : error} onRetry={state.status === 'error' ? reload : undefined} />
      <SuccessNotice message={worded(t, done)} />
      <OrganizationForm
        editing={editing}
        organizations={organizations}
        onCancel={() => setEditing(null)}
        onSaved={(message) => {
          setDone(message);
          setEditing(null);
          reload();
        }}
      />
      {state.status === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {state.status === 'ready' ? (
        <section className="card panel data-table-wrap" aria-labelledby="orgs-list-heading">
          <h2 id="orgs-list-heading" className="section-title">
            {t('orgs.title')}
          </h2>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('orgs.col.name')}</th>
                <th scope="col">{t('orgs.col.kind')}</th>
                <th scope="col">{t('orgs.col.sector')}</th>
                <th scope="col">{t('orgs.col.ags')}</th>
                <th scope="col">{t('orgs.col.parent')}</th>
                <th scope="col">{t('orgs.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {organizations.map((org) => (
                <tr key={org.id}>
                  <th scope="row">{org.name}</th>
                  <td>{organizationKindLabel(t, org.kind)}</td>
                  <td>{org.sector ? t(`sector.${org.sector}`) : ''}</td>
                  <td>{org.ags ?? ''}</td>
                  <td>{nameOf(org.parentId)}</td>
                  <td>
                    <div className="row-actions">
                      <button type="button" className="button button--secondary" aria-label={t('orgs.editLabel', { name: org.name })} onClick={() => setEditing(org)}>
                        {t('orgs.edit')}
                      </button>
                      <Link className="button button--secondary" to={`${ADMIN_PATHS.members}?org=${org.id}`} aria-label={t('orgs.membersLabel', { name: org.name })}>
                        {t('orgs.members')}
                      </Link>
                      <button type="button" className="button button--secondary" aria-label={t('orgs.deactivateLabel', { name: org.name })} onClick={() => void deactivate(org)}>
                        {t('orgs.deactivate')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
