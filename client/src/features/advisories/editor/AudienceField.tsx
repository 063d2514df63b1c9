import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { TlpLabel } from '../../../components/TlpBadge';
import { useI18n } from '../../../i18n';
import { api, type FieldError } from '../../../lib/api';
import type { DirectoryUser, Organization, Page, SharingGroup } from '../model';
import { isAmber, problemsAt } from './draft';
import { fieldProblemsText } from '../../../lib/field-problems';
import { problemWording } from '../../../lib/problem-wording';
import { worded, type Wording } from '../../../lib/wording';

export interface AudienceValue {
  organizations: string[];
  sharingGroups: string[];
  users: string[];
}

interface AudienceFieldProps {
  id: string;
  tlp: TlpLabel;
  value: AudienceValue;
  onChange: (change: Partial<AudienceValue>) => void;
  organizations: Organization[];
  sharingGroups: SharingGroup[];
  errors: readonly FieldError[];
}

function userText(user: DirectoryUser): string {
  return user.organization ? `${user.name} (${user.organization.name})` : user.name;
}

/** Named TLP:RED recipients: a search in the recipient directory and the list of chosen people. */
function RecipientPicker({ id, users, onChange, errors }: { id: string; users: string[]; onChange: (users: string[]) => void; errors: FieldError[] }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<DirectoryUser[] | null>(null);
  const [known, setKnown] = useState<Map<string, DirectoryUser>>(new Map());
  const [problem, setProblem] = useState<Wording | null>(null);

  // Names for recipients an existing advisory already names.
  const unknown = users.filter((userId) => !known.has(userId));
  const unknownKey = unknown.join(',');
  useEffect(() => {
    if (!unknownKey) return;
    const controller = new AbortController();
    api
      .get<Page<DirectoryUser>>('/users', { query: { ids: unknownKey, limit: 100 }, signal: controller.signal })
      .then((page) => setKnown((previous) => new Map([...previous, ...page.items.map((user) => [user.id, user] as const)])))
      .catch(() => undefined);
    return () => controller.abort();
  }, [unknownKey]);

  const search = async (event?: FormEvent | KeyboardEvent) => {
    event?.preventDefault();
    setProblem(null);
    try {
      const page = await api.get<Page<DirectoryUser>>('/users', { query: { q: query.trim() || undefined, limit: 20 } });
      setResults(page.items);
      setKnown((previous) => new Map([...previous, ...page.items.map((user) => [user.id, user] as const)]));
    } catch (error) {
      setProblem(problemWording(error));
    }
  };

  return (
    <fieldset className={`field recipients${errors.length > 0 ? ' field--invalid' : ''}`} aria-describedby={`${id}-hint${errors.length > 0 ? ` ${id}-error` : ''}`}>
      <legend>{t('advisoryForm.recipients')}</legend>
      <p id={`${id}-hint`} className="field-hint">
        {t('advisoryForm.recipientsHint')}
      </p>
      <h3 className="recipients__heading">{t('advisoryForm.recipientsChosen', { count: users.length })}</h3>
      {users.length === 0 ? (
        <p className="muted">{t('advisoryForm.recipientsNone')}</p>
      ) : (
        <ul className="recipients__list">
          {users.map((userId) => {
            const user = known.get(userId);
            const name = user ? userText(user) : t('advisoryForm.recipientUnknown');
            return (
              <li key={userId}>
                <span>{name}</span>{' '}
                <button type="button" className="button button--secondary button--small" onClick={() => onChange(users.filter((other) => other !== userId))}>
                  {t('advisoryForm.recipientRemove', { name })}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <div className="recipients__search">
        <label htmlFor={`${id}-search`}>{t('advisoryForm.recipientSearch')}</label>
        <div className="repeatable__row">
          <input
            id={`${id}-search`}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') void search(event);
            }}
            autoComplete="off"
          />
          <button type="button" className="button button--secondary" onClick={() => void search()}>
            {t('advisoryForm.recipientSearchButton')}
          </button>
        </div>
      </div>
      <div aria-live="polite">
        {problem ? <p className="field-error">{worded(t, problem)}</p> : null}
        {results === null ? null : results.length === 0 ? (
          <p className="muted">{t('advisoryForm.recipientNoResults')}</p>
        ) : (
          <ul className="recipients__list" aria-label={t('advisoryForm.recipientResults')}>
            {results.map((user) => (
              <li key={user.id}>
                <span>{userText(user)}</span>{' '}
                {users.includes(user.id) ? (
                  <span className="muted">{t('advisoryForm.recipientAdded')}</span>
                ) : (
                  <button type="button" className="button button--secondary button--small" onClick={() => onChange([...users, user.id])}>
                    {t('advisoryForm.recipientAdd', { name: userText(user) })}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {errors.length > 0 ? (
        <p id={`${id}-error`} className="field-error">
          {fieldProblemsText(t, errors)}
        </p>
      ) : null}
    </fieldset>
  );
}

/**
 * Who receives the advisory beyond what its label allows: organizations and sharing groups for
 * TLP:AMBER and AMBER+STRICT, named people for TLP:RED. CLEAR and GREEN have no audience.
 */
export function AudienceField({ id, tlp, value, onChange, organizations, sharingGroups, errors }: AudienceFieldProps) {
  const { t } = useI18n();
  if (tlp === 'RED') return <RecipientPicker id={`${id}-users`} users={value.users} onChange={(users) => onChange({ users })} errors={problemsAt(errors, 'audience')} />;
  if (!isAmber(tlp)) return null;
  const select = (key: 'organizations' | 'sharingGroups', label: string, hint: string, options: { id: string; name: string }[]) => {
    const fieldErrors = problemsAt(errors, `audience.${key}`);
    const fieldId = `${id}-${key}`;
    return (
      <div className={`field${fieldErrors.length > 0 ? ' field--invalid' : ''}`}>
        <label htmlFor={fieldId}>{label}</label>
        <select
          id={fieldId}
          multiple
          size={Math.min(8, Math.max(3, options.length))}
          value={value[key]}
          onChange={(event) => onChange({ [key]: Array.from(event.target.selectedOptions, (option) => option.value) })}
          aria-describedby={[`${fieldId}-hint`, fieldErrors.length > 0 ? `${fieldId}-error` : null].filter(Boolean).join(' ')}
          aria-invalid={fieldErrors.length > 0 || undefined}
        >
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
        <p id={`${fieldId}-hint`} className="field-hint">
          {hint}
        </p>
        {fieldErrors.length > 0 ? (
          <p id={`${fieldId}-error`} className="field-error">
            {fieldProblemsText(t, fieldErrors)}
          </p>
        ) : null}
      </div>
    );
  };
  const otherErrors = problemsAt(errors, 'audience', true);
  return (
    <>
      {select('organizations', t('editor.audience'), t('editor.audienceHint'), organizations)}
      {select('sharingGroups', t('advisoryForm.sharingGroups'), t('advisoryForm.sharingGroupsHint'), sharingGroups)}
      {otherErrors.length > 0 ? <p className="field-error">{fieldProblemsText(t, otherErrors)}</p> : null}
    </>
  );
}
