import { useEffect, useId, useState, type FormEvent } from 'react';
import type { PageProps } from '../../app/routes';
import { navigate, useLocation } from '../../app/router';
import { EmptyState } from '../../components/EmptyState';
import { ProblemNotice, SuccessNotice } from '../../components/ProblemNotice';
import { useI18n, type MessageKey } from '../../i18n';
import { api, type ApiError } from '../../lib/api';
import { useMe } from '../../lib/session';
import { toApiError, useResource } from '../../lib/use-resource';
import { ADMIN_PATHS, isCertAdmin, useAllOrganizations } from './model';
import { wording, worded, type Wording } from '../../lib/wording';
import '../account/account.css';
import { fieldProblemText } from '../../lib/field-problems';

const CONTACT_ROLES = ['primary', 'secondary', 'security_officer', 'emergency'] as const;
type ContactRole = (typeof CONTACT_ROLES)[number];
interface Contact { role: ContactRole; name: string; email?: string; phone?: string }
interface ContactRow { role: ContactRole; name: string; email: string; phone: string }

const toRow = (contact: Contact): ContactRow => ({ role: contact.role, name: contact.name, email: contact.email ?? '', phone: contact.phone ?? '' });
const toContact = (row: ContactRow): Contact => ({ role: row.role, name: row.name.trim(), ...(row.email.trim() ? { email: row.email.trim() } : {}), ...(row.phone.trim() ? { phone: row.phone.trim() } : {}) });

function ContactEditor({ organization }: { organization: { id: string; name: string } }) {
  const { t } = useI18n();
  const ids = useId();
  const { state, reload } = useResource<{ contacts: Contact[] }>(`/organizations/${organization.id}/contacts`);
  const [rows, setRows] = useState<ContactRow[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Wording | null>(null);
  useEffect(() => {
    if (state.status === 'ready') setRows(state.data.contacts.map(toRow));
  }, [state]);

  const change = (index: number, patch: Partial<ContactRow>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const save = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    api
      .put<{ contacts: Contact[] }>(`/organizations/${organization.id}/contacts`, { contacts: rows.map(toContact) })
      .then((saved) => {
        setRows(saved.contacts.map(toRow));
        setDone(wording('contacts.saved'));
        reload();
      })
      .catch((caught: unknown) => setError(toApiError(caught)));
  };
  const fieldError = (index: number, field: string) => {
    const problem = error?.errors?.find((candidate) => candidate.path === `contacts.${index}.${field}`);
    return problem ? fieldProblemText(t, problem) : undefined;
  };

  return (
    <section className="card panel" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="section-title">
        {organization.name}
      </h2>
      <ProblemNotice error={state.status === 'error' ? state.error : error} onRetry={state.status === 'error' ? reload : undefined} />
      <SuccessNotice message={worded(t, done)} />
      {state.status === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {state.status === 'ready' ? (
        <form className="form" onSubmit={save} noValidate>
          {rows.length === 0 ? <p>{t('contacts.empty')}</p> : null}
          {rows.map((row, index) => {
            const base = `${ids}-${index}`;
            const emailError = fieldError(index, 'email');
            const phoneError = fieldError(index, 'phone');
            const roleError = fieldError(index, 'role');
            return (
              <fieldset key={index} className="card">
                <legend>{t('contacts.contactN', { n: index + 1 })}</legend>
                <div className="field">
                  <label htmlFor={`${base}-role`}>{t('contacts.role')}</label>
                  <select id={`${base}-role`} value={row.role} onChange={(event) => change(index, { role: event.target.value as ContactRole })} aria-invalid={roleError ? true : undefined} aria-describedby={roleError ? `${base}-role-error` : undefined}>
                    {CONTACT_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {t(`contacts.role.${role}` as MessageKey)}
                      </option>
                    ))}
                  </select>
                  {roleError ? <p id={`${base}-role-error`} className="field-error">{roleError}</p> : null}
                </div>
                <div className="field">
                  <label htmlFor={`${base}-name`}>{t('contacts.name')}</label>
                  <input id={`${base}-name`} value={row.name} maxLength={200} required onChange={(event) => change(index, { name: event.target.value })} />
                </div>
                <div className="field">
                  <label htmlFor={`${base}-email`}>{t('contacts.email')}</label>
                  <input id={`${base}-email`} type="email" value={row.email} maxLength={254} onChange={(event) => change(index, { email: event.target.value })} aria-invalid={emailError ? true : undefined} aria-describedby={emailError ? `${base}-email-error` : undefined} />
                  {emailError ? <p id={`${base}-email-error`} className="field-error">{emailError}</p> : null}
                </div>
                <div className="field">
                  <label htmlFor={`${base}-phone`}>{t('contacts.phone')}</label>
                  <input id={`${base}-phone`} type="tel" value={row.phone} maxLength={50} onChange={(event) => change(index, { phone: event.target.value })} aria-invalid={phoneError ? true : undefined} aria-describedby={phoneError ? `${base}-phone-error` : undefined} />
                  {phoneError ? <p id={`${base}-phone-error`} className="field-error">{phoneError}</p> : null}
                </div>
                <button type="button" className="button" onClick={() => setRows(rows.filter((_, i) => i !== index))} aria-label={t('contacts.removeLabel', { n: index + 1 })}>
                  {t('contacts.remove')}
                </button>
              </fieldset>
            );
          })}
          <div className="form__actions">
            <button type="button" className="button" onClick={() => setRows([...rows, { role: rows.some((row) => row.role === 'primary') ? 'secondary' : 'primary', name: '', email: '', phone: '' }])}>
              {t('contacts.add')}
            </button>
            <button type="submit" className="button button--primary">
              {t('contacts.save')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

/** The organization's contacts (primary, second contact for escalations, security officer, emergency); `?org=<id>` picks it. */
export function ContactsPage(_props: PageProps) {
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
        <h1>{t('contacts.title')}</h1>
        <p className="page-header__lead">{t('contacts.lead')}</p>
      </header>
      {certAdmin && directory.state.status === 'error' ? <ProblemNotice error={directory.state.error} onRetry={directory.reload} /> : null}
      {choices.length > 1 ? (
        <div className="field">
          <label htmlFor="contacts-org">{t('members.organization')}</label>
          <select id="contacts-org" value={selected?.id ?? ''} onChange={(event) => navigate(`${ADMIN_PATHS.contacts}?org=${event.target.value}`, { replace: true })}>
            {choices.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {selected ? <ContactEditor key={selected.id} organization={selected} /> : certAdmin && directory.state.status === 'loading' ? <p role="status">{t('common.loading')}</p> : <EmptyState title={t('members.noOrganizations')} />}
    </div>
  );
}
