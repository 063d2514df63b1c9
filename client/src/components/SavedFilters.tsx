/**
 * Saved filters of a list page (`/api/v1/me/saved-filters`): apply one (it becomes the URL), save
 * the current filters under a name, delete one after confirming.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { navigate, useLocation } from '../app/router';
import { useAnnounce } from '../app/announcer';
import { useI18n } from '../i18n';
import { api } from '../lib/api';
import { ConfirmDialog } from './ConfirmDialog';
import { wording, worded, type Wording } from '../lib/wording';
import { problemWording } from '../lib/problem-wording';

export type SavedFilterPage = 'advisories' | 'inbox' | 'incidents' | 'audit' | 'members' | 'feed-runs';
type SavedFilter = { id: string; page: SavedFilterPage; name: string; query: string };

export function SavedFilters({ page }: { page: SavedFilterPage }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const { pathname, search } = useLocation();
  const ids = useId();
  const [items, setItems] = useState<SavedFilter[]>([]);
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<Wording | null>(null);
  const [deleting, setDeleting] = useState<SavedFilter | null>(null);

  const load = useCallback(async () => {
    const answer = await api.get<{ items: SavedFilter[] }>('/me/saved-filters', { query: { page } });
    setItems(answer.items);
  }, [page]);

  useEffect(() => {
    load().catch(() => setItems([]));
  }, [load]);

  // The select shows the saved filter the URL currently is, if any (principle 1: controls show the state).
  const current = search.replace(/^\?/, '');
  useEffect(() => {
    setChosen(items.find((item) => item.query === current)?.id ?? '');
  }, [items, current]);

  const apply = (id: string) => {
    setChosen(id);
    const filter = items.find((item) => item.id === id);
    if (filter) navigate(filter.query ? `${pathname}?${filter.query}` : pathname);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    try {
      await api.post('/me/saved-filters', { page, name: trimmed, query: current });
      setName('');
      setProblem(null);
      await load();
      announce(t('savedFilters.saved', { name: trimmed }));
    } catch (error) {
      setProblem(wording('savedFilters.failed', { message: problemWording(error) }));
    }
  };

  const remove = async () => {
    if (!deleting) return;
    const { id, name: deletedName } = deleting;
    setDeleting(null);
    await api.delete(`/me/saved-filters/${id}`);
    await load();
    announce(t('savedFilters.deleted', { name: deletedName }));
  };

  const selected = items.find((item) => item.id === chosen);

  return (
    <div className="saved-filters">
      <div className="field">
        <label htmlFor={`${ids}-saved`}>{t('savedFilters.label')}</label>
        <select id={`${ids}-saved`} value={chosen} onChange={(event) => apply(event.target.value)} disabled={items.length === 0}>
          <option value="">{items.length === 0 ? t('savedFilters.none') : '—'}</option>
          {items.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name}
            </option>
          ))}
        </select>
      </div>
      {selected ? (
        <button type="button" className="button button--secondary" onClick={() => setDeleting(selected)}>
          {t('savedFilters.delete')}
        </button>
      ) : null}
      <form className="saved-filters" onSubmit={(event) => void save(event)} style={{ border: 0, margin: 0, padding: 0 }}>
        <div className="field">
          <label htmlFor={`${ids}-name`}>{t('savedFilters.name')}</label>
          <input id={`${ids}-name`} value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
        </div>
        <button type="submit" className="button button--secondary" disabled={name.trim() === ''}>
          {t('savedFilters.save')}
        </button>
      </form>
      {problem ? (
        <p role="alert" className="field-error">
          {worded(t, problem)}
        </p>
      ) : null}
      <ConfirmDialog open={deleting !== null} title={t('savedFilters.confirmDelete', { name: deleting?.name ?? '' })} confirmLabel={t('savedFilters.delete')} danger onConfirm={() => void remove()} onCancel={() => setDeleting(null)}>
        <p>{t('table.confirm.irreversible')}</p>
      </ConfirmDialog>
    </div>
  );
}
