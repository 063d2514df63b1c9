import { createColumnHelper } from '@tanstack/react-table';
import { useId, useMemo, useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { navigate, useLocation } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable, type BulkAction, type RowSelectionState, type SortingState } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { SelectField } from '../../components/SelectField';
import { ProblemNotice, SuccessNotice } from '../../components/ProblemNotice';
import { plural, useI18n } from '../../i18n';
import type { ApiError } from '../../lib/api';
import { api } from '../../lib/api';
import { roleLabel } from '../../lib/labels';
import { useMe } from '../../lib/session';
import { ROLES, type Role } from '../../lib/session-types';
import { toApiError, useResource } from '../../lib/use-resource';
import { pick, useUrlParams } from '../../lib/url-state';
import { ADMIN_PATHS, isCertAdmin, useAllOrganizations } from './model';
import { pluralWording, wording, worded, type Wording } from '../../lib/wording';
import '../account/account.css';

interface Member {
  userId: string;
  email: string;
  name: string;
  active: boolean;
  role: Role;
}

/** Roles the caller may grant here (server/access/org-scope.ts decides; this only trims the menu). */
function grantableRoles(certAdmin: boolean, organizationKind: string): Role[] {
  if (!certAdmin) return ['org_admin', 'member', 'read_only'];
  return ROLES.filter((role) => organizationKind === 'cert' || (role !== 'cert_admin' && role !== 'cert_analyst'));
}

/** Filters and sort of the member table, in the URL beside `org`. The API answers the whole list, so they apply here. */
const FILTER_KEYS = ['q', 'role', 'status'] as const;
const SORTS = ['name', 'email', 'role', 'status'] as const;
type Sort = (typeof SORTS)[number];
const column = createColumnHelper<Member>();
type Pending = { kind: 'remove' | 'deactivate' | 'reactivate'; member: Member } | null;

function matches(member: Member, filters: Record<string, string>): boolean {
  const q = filters.q?.trim().toLowerCase();
  if (q && !member.name.toLowerCase().includes(q) && !member.email.toLowerCase().includes(q)) return false;
  if (filters.role && member.role !== filters.role) return false;
  if (filters.status === 'active' && !member.active) return false;
  if (filters.status === 'inactive' && member.active) return false;
  return true;
}

function MemberList({ organization }: { organization: { id: string; name: string; kind: string } }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const ids = useId();
  const roles = grantableRoles(isCertAdmin(me), organization.kind);
  const { state, reload } = useResource<{ items: Member[] }>(`/organizations/${organization.id}/members`);
  const [params, setParams] = useUrlParams();
  const search = params.toString();
  const filters = useMemo(() => pick(new URLSearchParams(search), FILTER_KEYS), [search]);
  const current = new URLSearchParams(search);
  const sort: Sort = SORTS.find((value) => value === current.get('sort')) ?? 'name';
  const order = current.get('order') === 'desc' ? 'desc' : 'asc';
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Wording | null>(null);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [emailError, setEmailError] = useState<Wording | null>(null);
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);

  const act = async (work: () => Promise<Wording>) => {
    setError(null);
    setDone(null);
    try {
      setDone(await work());
      reload();
    } catch (caught) {
      setError(toApiError(caught));
    }
  };
  const base = `/organizations/${organization.id}/members`;
  const members = useMemo(() => (state.status === 'ready' ? state.data.items : []), [state]);
  const shown = useMemo(() => members.filter((member) => matches(member, filters)), [members, filters]);
  const byId = (userIds: string[]) => members.filter((member) => userIds.includes(member.userId));

  // The text filter replaces the history entry per keystroke; the choices and the sort add one (back undoes them).
  const setUrl = (next: Record<string, string | undefined>, nextSort: Sort, nextOrder: 'asc' | 'desc', replace = false) =>
    setParams({ org: current.get('org') ?? undefined, ...next, sort: nextSort === 'name' ? undefined : nextSort, order: nextOrder === 'asc' ? undefined : nextOrder }, { replace });
  const setFilter = (key: (typeof FILTER_KEYS)[number], value: string) => setUrl({ ...filters, [key]: value }, sort, order, key === 'q');
  const sorting: SortingState = [{ id: sort, desc: order === 'desc' }];
  const onSortingChange = (updater: SortingState | ((old: SortingState) => SortingState)) => {
    const first = (typeof updater === 'function' ? updater(sorting) : updater)[0];
    setUrl(filters, SORTS.find((value) => value === first?.id) ?? 'name', first?.desc ? 'desc' : 'asc');
  };

  /** Runs one request per member; reports how many succeeded and the first failure. */
  const runForEach = async (selected: Member[], request: (member: Member) => Promise<unknown>, doneKey: 'members.bulk.removed' | 'members.bulk.deactivated' | 'members.bulk.reactivated') => {
    setError(null);
    setDone(null);
    let succeeded = 0;
    for (const member of selected) {
      try {
        await request(member);
        succeeded += 1;
      } catch (caught) {
        setError((previous) => previous ?? toApiError(caught));
      }
    }
    setDone(succeeded > 0 ? pluralWording(doneKey, succeeded) : null);
    reload();
  };

  const bulkActions: BulkAction[] = [
    {
      id: 'deactivate',
      label: t('members.bulk.deactivate'),
      danger: true,
      // Not irreversible: a locked account can be unlocked again (below and per row).
      confirm: (n) => ({ title: plural(t, lang, 'members.bulk.deactivateTitle', n), text: t('members.bulk.deactivateText'), button: t('members.bulk.deactivate') }),
      run: (userIds) => runForEach(byId(userIds).filter((member) => member.active), (member) => api.post(`${base}/${member.userId}/deactivate`), 'members.bulk.deactivated'),
    },
    {
      id: 'reactivate',
      label: t('members.bulk.reactivate'),
      confirm: (n) => ({ title: plural(t, lang, 'members.bulk.reactivateTitle', n), text: t('members.bulk.reactivateText'), button: t('members.bulk.reactivate') }),
      run: (userIds) => runForEach(byId(userIds).filter((member) => !member.active), (member) => api.post(`${base}/${member.userId}/reactivate`), 'members.bulk.reactivated'),
    },
    {
      id: 'remove',
      label: t('members.bulk.remove'),
      danger: true,
      confirm: (n) => ({ title: plural(t, lang, 'members.bulk.removeTitle', n, String(n), { org: organization.name }), text: t('members.bulk.removeText'), button: t('members.bulk.remove') }),
      run: (userIds) => runForEach(byId(userIds), (member) => api.delete(`${base}/${member.userId}`), 'members.bulk.removed'),
    },
  ];

  const confirmPending = async () => {
    if (!pending) return;
    const { kind, member } = pending;
    setBusy(true);
    await act(async () => {
      if (kind === 'remove') {
        await api.delete(`${base}/${member.userId}`);
        return wording('members.removed', { name: member.name });
      }
      await api.post(`${base}/${member.userId}/${kind}`);
      return wording(kind === 'deactivate' ? 'members.deactivated' : 'members.reactivated', { name: member.name });
    });
    setBusy(false);
    setPending(null);
  };

  // Rebuilt each render: the cells call `act` and `reload` of this render (a handful of rows).
  const columns = [
      column.accessor('name', { id: 'name', header: t('members.col.name'), enableHiding: false, meta: { className: 'cell-title' }, cell: (info) => <strong>{info.getValue()}</strong> }),
      column.accessor('email', { id: 'email', header: t('members.col.email') }),
      column.accessor((row) => ROLES.indexOf(row.role), {
        id: 'role',
        header: t('members.col.role'),
        cell: (info) => {
          const member = info.row.original;
          return (
            <SelectField
              id={`${ids}-role-${member.userId}`}
              label={t('members.roleFor', { name: member.name })}
              inCell
              value={member.role}
              disabled={member.userId === me.user.id}
              onChange={(value) => {
                const next = value as Role;
                void act(async () => {
                  await api.patch(`${base}/${member.userId}`, { role: next });
                  return wording('members.roleChanged', { name: member.name, role: wording(`role.${next}`) });
                });
              }}
              options={(roles.includes(member.role) ? roles : [member.role, ...roles]).map((option) => ({ value: option, label: roleLabel(t, option) }))}
            />
          );
        },
      }),
      column.accessor((row) => (row.active ? 0 : 1), {
        id: 'status',
        header: t('members.col.status'),
        cell: (info) => (info.row.original.active ? t('members.active') : t('members.inactive')),
      }),
      column.display({
        id: 'actions',
        header: t('members.col.actions'),
        enableHiding: false,
        cell: (info) => {
          const member = info.row.original;
          if (member.userId === me.user.id) return <span className="muted">{t('members.self')}</span>;
          return (
            <div className="row-actions">
              <button type="button" className="button button--secondary" aria-label={t('members.removeLabel', { name: member.name })} onClick={() => setPending({ kind: 'remove', member })}>
                {t('members.remove')}
              </button>
              {member.active ? (
                <button type="button" className="button button--secondary" aria-label={t('members.deactivateLabel', { name: member.name })} onClick={() => setPending({ kind: 'deactivate', member })}>
                  {t('members.deactivate')}
                </button>
              ) : (
                <button type="button" className="button button--secondary" aria-label={t('members.reactivateLabel', { name: member.name })} onClick={() => setPending({ kind: 'reactivate', member })}>
                  {t('members.reactivate')}
                </button>
              )}
            </div>
          );
        },
      }),
  ];

  const onAdd = (event: FormEvent) => {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      setEmailError(wording('members.add.emailInvalid'));
      document.getElementById(`${ids}-email`)?.focus();
      return;
    }
    setEmailError(null);
    void act(async () => {
      // The answer does not say whether the address had an account (no enumeration), so neither does the message.
      await api.post<{ userId: string }>(base, { email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) });
      const message = wording('members.add.added', { email: email.trim() });
      setEmail('');
      setName('');
      return message;
    });
  };

  return (
    <>
      <section className="card panel" aria-labelledby={`${ids}-list`}>
        <h2 id={`${ids}-list`} className="section-title">
          {organization.name}
        </h2>
        <div role="search" aria-label={t('members.filters')} className="filter-bar">
          <div className="field">
            <label htmlFor={`${ids}-q`}>{t('members.filter.q')}</label>
            <input id={`${ids}-q`} type="search" value={filters.q ?? ''} maxLength={320} autoComplete="off" onChange={(event) => setFilter('q', event.target.value)} />
          </div>
          <SelectField
            id={`${ids}-role-filter`}
            label={t('members.filter.role')}
            value={filters.role ?? ''}
            onChange={(value) => setFilter('role', value)}
            anyLabel={t('members.filter.any')}
            options={ROLES.map((option) => ({ value: option, label: roleLabel(t, option) }))}
          />
          <SelectField
            id={`${ids}-status-filter`}
            label={t('members.filter.status')}
            value={filters.status ?? ''}
            onChange={(value) => setFilter('status', value)}
            anyLabel={t('members.filter.any')}
            options={[
              { value: 'active', label: t('members.active') },
              { value: 'inactive', label: t('members.inactive') },
            ]}
          />
        </div>
        <ProblemNotice error={state.status === 'error' ? state.error : error} onRetry={state.status === 'error' ? reload : undefined} />
        <SuccessNotice message={worded(t, done)} />
        <p role="status" className="muted">
          {state.status === 'loading' ? t('common.loading') : state.status === 'ready' ? plural(t, lang, 'members.count', shown.length, String(shown.length), { total: members.length }) : ''}
        </p>
        {state.status === 'ready' ? (
          <DataTable
            id="members"
            caption={t('members.table.caption', { org: organization.name })}
            data={shown}
            columns={columns}
            getRowId={(row) => row.userId}
            rowLabel={(row) => row.name}
            sorting={sorting}
            onSortingChange={onSortingChange}
            manualSorting={false}
            selection={selection}
            onSelectionChange={setSelection}
            canSelect={(row) => row.userId !== me.user.id}
            bulkActions={bulkActions}
            empty={members.length === 0 ? <EmptyState title={t('members.empty')}>{t('members.emptyHint')}</EmptyState> : <EmptyState title={t('members.noMatch')}>{t('members.noMatchHint')}</EmptyState>}
          />
        ) : null}
        <ConfirmDialog
          open={pending !== null}
          title={pending ? t(`members.${pending.kind}Title`, { name: pending.member.name }) : ''}
          confirmLabel={pending ? t(`members.${pending.kind}`) : ''}
          // Unlocking gives access back; only removing and locking take it away.
          danger={pending?.kind !== 'reactivate'}
          busy={busy}
          onConfirm={() => void confirmPending()}
          onCancel={() => setPending(null)}
        >
          <p>{pending ? t(`members.${pending.kind}Confirm`, { name: pending.member.name, org: organization.name }) : null}</p>
        </ConfirmDialog>
      </section>
      <section className="card panel" aria-labelledby={`${ids}-add`}>
        <h2 id={`${ids}-add`} className="section-title">
          {t('members.add.title')}
        </h2>
        <p>{t('members.add.intro')}</p>
        <form className="form" noValidate onSubmit={onAdd}>
          <div className={`field${emailError ? ' field--invalid' : ''}`}>
            <label htmlFor={`${ids}-email`}>{t('members.add.email')}</label>
            {emailError ? <p id={`${ids}-email-error`} className="field-error">{worded(t, emailError)}</p> : null}
            <input
              id={`${ids}-email`}
              type="email"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={emailError ? true : undefined}
              aria-describedby={emailError ? `${ids}-email-error` : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-name`}>{t('members.add.name')}</label>
            <input id={`${ids}-name`} maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-role`}>{t('members.add.role')}</label>
            <select id={`${ids}-role`} value={role} onChange={(event) => setRole(event.target.value as Role)}>
              {roles.map((option) => (
                <option key={option} value={option}>
                  {roleLabel(t, option)}
                </option>
              ))}
            </select>
          </div>
          <div className="form__actions">
            <button type="submit" className="button button--primary">
              {t('members.add.submit')}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}

/** Member administration; `?org=<id>` picks the organization (cert_admins: any, org_admins: their own). */
export function MembersPage(_props: PageProps) {
  const { t } = useI18n();
  const me = useMe();
  const { search } = useLocation();
  const certAdmin = isCertAdmin(me);
  const directory = useAllOrganizations();
  const own = me.memberships.filter((m) => m.role === 'org_admin' && m.organization.kind !== 'cert').map((m) => m.organization);
  const choices = certAdmin && directory.state.status === 'ready' ? directory.state.data : own;
  const requested = new URLSearchParams(search).get('org');
  const selected = choices.find((org) => org.id === requested) ?? choices[0];

  return (
    <div className="stack">
      <header className="page-header">
        <h1>{t('members.title')}</h1>
        <p className="page-header__lead">{t('members.lead')}</p>
      </header>
      {certAdmin && directory.state.status === 'error' ? <ProblemNotice error={directory.state.error} onRetry={directory.reload} /> : null}
      {choices.length > 1 ? (
        <div className="field">
          <label htmlFor="members-org">{t('members.organization')}</label>
          <select id="members-org" value={selected?.id ?? ''} onChange={(event) => navigate(`${ADMIN_PATHS.members}?org=${event.target.value}`, { replace: true })}>
            {choices.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {selected ? <MemberList key={selected.id} organization={selected} /> : certAdmin && directory.state.status === 'loading' ? <p role="status">{t('common.loading')}</p> : <EmptyState title={t('members.noOrganizations')} />}
    </div>
  );
}
