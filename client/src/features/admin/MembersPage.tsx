import { useId, useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { navigate, useLocation } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { ProblemNotice, SuccessNotice } from '../../components/ProblemNotice';
import { useI18n } from '../../i18n';
import type { ApiError} from '../../lib/api';
import { api } from '../../lib/api';
import { roleLabel } from '../../lib/labels';
import { useMe } from '../../lib/session';
import { ROLES, type Role } from '../../lib/session-types';
import { toApiError, useResource } from '../../lib/use-resource';
import { ADMIN_PATHS, isCertAdmin, useAllOrganizations } from './model';
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

function MemberList({ organization }: { organization: { id: string; name: string; kind: string } }) {
  const { t } = useI18n();
  const me = useMe();
  const ids = useId();
  const roles = grantableRoles(isCertAdmin(me), organization.kind);
  const { state, reload } = useResource<{ items: Member[] }>(`/organizations/${organization.id}/members`);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [emailError, setEmailError] = useState<string | null>(null);

  const act = async (work: () => Promise<string>) => {
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

  const onAdd = (event: FormEvent) => {
    event.preventDefault();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      setEmailError(t('members.add.emailInvalid'));
      document.getElementById(`${ids}-email`)?.focus();
      return;
    }
    setEmailError(null);
    void act(async () => {
      const result = await api.post<{ invited: boolean }>(base, { email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) });
      const message = t(result.invited ? 'members.add.invited' : 'members.add.added', { email: email.trim() });
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
        <ProblemNotice error={state.status === 'error' ? state.error : error} onRetry={state.status === 'error' ? reload : undefined} />
        <SuccessNotice message={done} />
        {state.status === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
        {state.status === 'ready' && state.data.items.length === 0 ? <EmptyState title={t('members.empty')} /> : null}
        {state.status === 'ready' && state.data.items.length > 0 ? (
          <div className="data-table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('members.col.name')}</th>
                  <th scope="col">{t('members.col.email')}</th>
                  <th scope="col">{t('members.col.role')}</th>
                  <th scope="col">{t('members.col.status')}</th>
                  <th scope="col">{t('members.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {state.data.items.map((member) => (
                  <tr key={member.userId}>
                    <th scope="row">{member.name}</th>
                    <td>{member.email}</td>
                    <td>
                      <select
                        aria-label={t('members.roleFor', { name: member.name })}
                        value={member.role}
                        disabled={member.userId === me.user.id}
                        onChange={(event) => {
                          const next = event.target.value as Role;
                          void act(async () => {
                            await api.patch(`${base}/${member.userId}`, { role: next });
                            return t('members.roleChanged', { name: member.name, role: roleLabel(t, next) });
                          });
                        }}
                      >
                        {(roles.includes(member.role) ? roles : [member.role, ...roles]).map((option) => (
                          <option key={option} value={option}>
                            {roleLabel(t, option)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>{member.active ? t('members.active') : t('members.inactive')}</td>
                    <td>
                      {member.userId === me.user.id ? null : (
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button button--secondary"
                            aria-label={t('members.removeLabel', { name: member.name })}
                            onClick={() => {
                              if (!window.confirm(t('members.removeConfirm', { name: member.name, org: organization.name }))) return;
                              void act(async () => {
                                await api.delete(`${base}/${member.userId}`);
                                return t('members.removed', { name: member.name });
                              });
                            }}
                          >
                            {t('members.remove')}
                          </button>
                          {member.active ? (
                            <button
                              type="button"
                              className="button button--secondary"
                              aria-label={t('members.deactivateLabel', { name: member.name })}
                              onClick={() => {
                                if (!window.confirm(t('members.deactivateConfirm', { name: member.name }))) return;
                                void act(async () => {
                                  await api.post(`${base}/${member.userId}/deactivate`);
                                  return t('members.deactivated', { name: member.name });
                                });
                              }}
                            >
                              {t('members.deactivate')}
                            </button>
                          ) : null}
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section className="card panel" aria-labelledby={`${ids}-add`}>
        <h2 id={`${ids}-add`} className="section-title">
          {t('members.add.title')}
        </h2>
        <p>{t('members.add.intro')}</p>
        <form className="form" noValidate onSubmit={onAdd}>
          <div className={`field${emailError ? ' field--invalid' : ''}`}>
            <label htmlFor={`${ids}-email`}>{t('members.add.email')}</label>
            {emailError ? <p id={`${ids}-email-error`} className="field-error">{emailError}</p> : null}
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
