import { useCallback, useEffect, useId, useState } from 'react';
import { useLiveEvents } from '../../app/live';
import { plural, useI18n, type MessageKey } from '../../i18n';
import { api } from '../../lib/api';
import { berlinText, type Page } from './model';
import { problemWording } from '../../lib/problem-wording';
import { worded, type Wording } from '../../lib/wording';

type Note = { id: string; body: string; author: { name: string | null } | null; createdAt: string };
type Task = { id: string; label: { de: string; en: string }; custom: boolean; done: boolean; doneAt: string | null; doneBy: { name: string | null } | null };
type Entry = { at: string; kind: string; actor: string | null; internal: boolean; detail: Record<string, unknown> };

/** Loads a CERT-only list and reloads it on the incident's CERT events. */
function useIncidentList<T>(incidentId: string, path: string, events: string[]) {
  const [items, setItems] = useState<T[] | null>(null);
  const [problem, setProblem] = useState<Wording | null>(null);
  const load = useCallback(() => {
    api.get<Page<T>>(`/incidents/${incidentId}/${path}`).then((page) => setItems(page.items)).catch((error: unknown) => setProblem(problemWording(error)));
  }, [incidentId, path]);
  useEffect(load, [load]);
  useLiveEvents((event) => {
    if (events.includes(event.type) && (event.payload as { incidentId?: string; id?: string }).incidentId === incidentId) load();
  }, load);
  return { items, problem, load, setProblem };
}

/** CERT-internal notes: never shown to the reporter (the server answers them 404/403). */
export function NotesCard({ incidentId }: { incidentId: string }) {
  const { t, lang } = useI18n();
  const ids = useId();
  const { items, problem, load, setProblem } = useIncidentList<Note>(incidentId, 'notes', ['incident.note.added']);
  const [body, setBody] = useState('');
  const add = async () => {
    try {
      await api.post(`/incidents/${incidentId}/notes`, { body });
      setBody('');
      load();
    } catch (error) {
      setProblem(problemWording(error));
    }
  };
  return (
    <section className="card panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">{t('notes.title')}</h2>
      <p className="field-hint">{t('notes.hint')}</p>
      {items && items.length === 0 ? <p className="muted">{t('notes.empty')}</p> : null}
      <ul className="plain-list notes">
        {(items ?? []).map((note) => (
          <li key={note.id}>
            <p className="pre-line">{note.body}</p>
            <p className="muted">{note.author?.name ?? '–'} · {berlinText(note.createdAt, lang)}</p>
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={(event) => { event.preventDefault(); void add(); }}>
        <div className="field">
          <label htmlFor={`${ids}-body`}>{t('notes.body')}</label>
          <textarea id={`${ids}-body`} rows={3} value={body} onChange={(event) => setBody(event.target.value)} />
        </div>
        <div className="form__actions"><button type="submit" className="button button--secondary" disabled={body.trim() === ''}>{t('notes.add')}</button></div>
      </form>
      {problem ? <p role="alert" className="field-error">{worded(t, problem)}</p> : null}
    </section>
  );
}

/** The response checklist: template tasks per incident type plus the analysts' own. */
export function ChecklistCard({ incidentId, incidentType }: { incidentId: string; incidentType: string | null }) {
  const { t, lang } = useI18n();
  const ids = useId();
  const { items, problem, load, setProblem } = useIncidentList<Task>(incidentId, 'tasks', ['incident.checklist.updated']);
  const [title, setTitle] = useState('');
  useEffect(load, [incidentType, load]);
  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      load();
    } catch (error) {
      setProblem(problemWording(error));
    }
  };
  const done = (items ?? []).filter((task) => task.done).length;
  return (
    <section className="card panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">{t('tasks.title')}</h2>
      {items ? <p className="muted">{t('tasks.progress', { done, total: items.length })}</p> : null}
      <ul className="plain-list checklist">
        {(items ?? []).map((task) => (
          <li key={task.id}>
            <label className="checklist__item">
              <input type="checkbox" checked={task.done} onChange={(event) => void act(() => api.patch(`/incidents/${incidentId}/tasks/${task.id}`, { done: event.target.checked }))} />
              <span>{task.label[lang]}</span>
            </label>
            {task.done && task.doneAt ? <span className="muted checklist__by">{t('tasks.doneBy', { name: task.doneBy?.name ?? '–', when: berlinText(task.doneAt, lang) })}</span> : null}
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={(event) => { event.preventDefault(); void act(() => api.post(`/incidents/${incidentId}/tasks`, { title })).then(() => setTitle('')); }}>
        <div className="field">
          <label htmlFor={`${ids}-task`}>{t('tasks.new')}</label>
          <input id={`${ids}-task`} value={title} onChange={(event) => setTitle(event.target.value)} />
        </div>
        <div className="form__actions"><button type="submit" className="button button--secondary" disabled={title.trim() === ''}>{t('tasks.add')}</button></div>
      </form>
      {problem ? <p role="alert" className="field-error">{worded(t, problem)}</p> : null}
    </section>
  );
}

function entryText(entry: Entry, t: (key: MessageKey, params?: Record<string, string | number>) => string, lang: 'de' | 'en'): string {
  const d = entry.detail;
  const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '–');
  const label = (prefix: string, value: unknown) => (value === null || value === undefined ? '–' : t(`${prefix}.${text(value)}` as MessageKey));
  switch (entry.kind) {
    case 'stage':
      return t('timeline.stage', { stage: label('stage', d.stage) });
    case 'bsi-acknowledgement':
      return t('timeline.bsi-acknowledgement', { reference: text(d.bsiReference) });
    case 'state-change':
      return `${t('timeline.state-change', { from: label('state', d.from), to: label('state', d.to) })}${typeof d.note === 'string' ? ` – ${d.note}` : ''}`;
    case 'triage-change': {
      const prefix = d.field === 'severity' ? 'severity' : d.field === 'incident_type' ? 'incidentType' : null;
      const show = (value: unknown) => (prefix ? label(prefix, value) : value === null ? t('triage.unassigned') : text(value));
      return t(`timeline.triage-change.${text(d.field)}` as MessageKey, { from: show(d.from), to: show(d.to) });
    }
    case 'message':
      return t('timeline.message', { tlp: `TLP:${text(d.tlp)}` });
    case 'indicators':
      return t('timeline.indicators', { items: plural(t, lang, 'ind.count', Number(d.count)) });
    case 'deadline-reminder':
      return t('timeline.deadline-reminder', { stage: label('stage', d.stage), hours: Number(d.hoursBefore) });
    case 'note':
      return t('timeline.note', { excerpt: text(d.excerpt) });
    case 'share':
      return t('timeline.share', { items: plural(t, lang, 'ind.count', Number(d.itemCount)), tlp: text(d.tlp) });
    case 'task-done':
      return t('timeline.task-done', { label: (d.label as { de: string; en: string } | null)?.[lang] ?? '' });
    default:
      return t('timeline.reported');
  }
}

/** The timeline, newest first; internal entries are marked (and only reach the CERT at all). */
export function TimelineCard({ incidentId, version }: { incidentId: string; version: string }) {
  const { t, lang } = useI18n();
  const ids = useId();
  const { items, problem, load } = useIncidentList<Entry>(incidentId, 'timeline', ['incident.note.added', 'incident.shared', 'incident.checklist.updated', 'incident.message.posted', 'incident.indicators.added']);
  useEffect(load, [version, load]);
  return (
    <section className="card panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="panel__title">{t('timeline.title')}</h2>
      {items && items.length === 0 ? <p className="muted">{t('timeline.empty')}</p> : null}
      <ol className="plain-list timeline">
        {(items ?? []).map((entry, index) => (
          <li key={`${entry.at}-${entry.kind}-${index}`} className={entry.internal ? 'timeline__entry timeline__entry--internal' : 'timeline__entry'}>
            <time dateTime={entry.at} className="muted">{berlinText(entry.at, lang)}</time>
            <span>
              {entryText(entry, t, lang)}
              {entry.actor ? ` · ${entry.actor}` : ''}
              {entry.internal ? <span className="badge">{t('timeline.internal')}</span> : null}
            </span>
          </li>
        ))}
      </ol>
      {problem ? <p role="alert" className="field-error">{worded(t, problem)}</p> : null}
    </section>
  );
}
