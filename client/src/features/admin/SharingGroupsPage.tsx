import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { EmptyState } from '../../components/EmptyState';
import { ProblemNotice, SuccessNotice } from '../../components/ProblemNotice';
import { plural, useI18n } from '../../i18n';
import type { ApiError} from '../../lib/api';
import { api } from '../../lib/api';
import { toApiError, useResource } from '../../lib/use-resource';
import { useAllOrganizations, type Organization, type SharingGroup } from './model';
import { wording, worded, type Wording } from '../../lib/wording';
import '../account/account.css';

/** Create or replace a group: name, description and its member organizations (checkboxes). */
function GroupForm({ editing, organizations, onSaved, onCancel }: { editing: SharingGroup | null; organizations: Organization[]; onSaved: (message: Wording) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [nameError, setNameError] = useState<Wording | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setName(editing?.name ?? '');
    setDescription(editing?.description ?? '');
    setMembers(editing?.organizationIds ?? []);
    if (editing) headingRef.current?.focus();
  }, [editing]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim().length < 2) {
      setNameError(wording('orgs.form.nameInvalid'));
      document.getElementById('group-name')?.focus();
      return;
    }
    setNameError(null);
    setError(null);
    const body = { name: name.trim(), description, organizationIds: members };
    try {
      if (editing) await api.put(`/sharing-groups/${editing.id}`, body);
      else await api.post('/sharing-groups', body);
      onSaved(wording(editing ? 'groups.saved' : 'groups.created', { name: body.name }));
      if (!editing) {
        setName('');
        setDescription('');
        setMembers([]);
      }
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  return (
    <section className="card panel" aria-labelledby="group-form-heading">
      <h2 id="group-form-heading" ref={headingRef} tabIndex={-1} className="section-title">
        {editing ? t('groups.edit.title', { name: editing.name }) : t('groups.create.title')}
      </h2>
      <ProblemNotice error={error} />
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className={`field${nameError ? ' field--invalid' : ''}`}>
          <label htmlFor="group-name">{t('groups.form.name')}</label>
          {nameError ? <p id="group-name-error" className="field-error">{worded(t, nameError)}</p> : null}
          <input id="group-name" maxLength={200} value={name} onChange={(event) => setName(event.target.value)} aria-invalid={nameError ? true : undefined} aria-describedby={nameError ? 'group-name-error' : undefined} />
        </div>
        <div className="field">
          <label htmlFor="group-description">{t('groups.form.description')}</label>
          <textarea id="group-description" rows={2} maxLength={2000} value={description} onChange={(event) => setDescription(event.target.value)} />
        </div>
        <fieldset className="choice-list">
          <legend>{t('groups.form.members')}</legend>
          {organizations.map((org) => (
            <div className="choice" key={org.id}>
              <input
                id={`group-member-${org.id}`}
                type="checkbox"
                checked={members.includes(org.id)}
                onChange={(event) => setMembers((previous) => (event.target.checked ? [...previous, org.id] : previous.filter((id) => id !== org.id)))}
              />
              <label htmlFor={`group-member-${org.id}`}>{org.name}</label>
            </div>
          ))}
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {editing ? t('common.save') : t('groups.form.create')}
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

/** cert_admin: sharing groups (list, create, edit members, delete). */
export function SharingGroupsPage(_props: PageProps) {
  const { t, lang } = useI18n();
  const groups = useResource<{ items: SharingGroup[] }>('/sharing-groups');
  const directory = useAllOrganizations();
  const organizations = directory.state.status === 'ready' ? directory.state.data : [];
  const [editing, setEditing] = useState<SharingGroup | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Wording | null>(null);
  const nameOf = (id: string) => organizations.find((org) => org.id === id)?.name ?? id;

  const remove = async (group: SharingGroup) => {
    if (!window.confirm(t('groups.deleteConfirm', { name: group.name }))) return;
    setError(null);
    try {
      await api.delete(`/sharing-groups/${group.id}`);
      setDone(wording('groups.deleted', { name: group.name }));
      groups.reload();
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  const loadError = groups.state.status === 'error' ? groups.state.error : directory.state.status === 'error' ? directory.state.error : null;
  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t('groups.title')}</h1>
        <p className="page-header__lead">{t('groups.lead')}</p>
      </header>
      <ProblemNotice error={loadError ?? error} />
      <SuccessNotice message={worded(t, done)} />
      {groups.state.status === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {groups.state.status === 'ready' && groups.state.data.items.length === 0 ? <EmptyState title={t('groups.empty')} /> : null}
      {groups.state.status === 'ready' && groups.state.data.items.length > 0 ? (
        <ul className="link-grid">
          {groups.state.data.items.map((group) => (
            <li key={group.id} className="card panel">
              <h2 className="section-title">{group.name}</h2>
              {group.description ? <p>{group.description}</p> : null}
              <p className="muted">{plural(t, lang, 'groups.memberCount', group.organizationIds.length)}</p>
              <ul className="plain-list">
                {group.organizationIds.map((id) => (
                  <li key={id}>{nameOf(id)}</li>
                ))}
              </ul>
              <div className="row-actions">
                <button type="button" className="button button--secondary" aria-label={t('groups.editLabel', { name: group.name })} onClick={() => setEditing(group)}>
                  {t('groups.edit')}
                </button>
                <button type="button" className="button button--secondary" aria-label={t('groups.deleteLabel', { name: group.name })} onClick={() => void remove(group)}>
                  {t('groups.delete')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      <GroupForm
        editing={editing}
        organizations={organizations}
        onCancel={() => setEditing(null)}
        onSaved={(message) => {
          setDone(message);
          setEditing(null);
          groups.reload();
        }}
      />
    </div>
  );
}
