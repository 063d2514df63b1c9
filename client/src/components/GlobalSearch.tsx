/**
 * The one search box of the header (`GET /api/v1/search`): hits grouped by kind, as an ARIA 1.2
 * combobox with a grouped listbox. Arrow keys move through the hits (aria-activedescendant, focus
 * stays in the input), Enter opens one, Escape closes the list and then clears the box. The count
 * is announced in a polite live region.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { navigate } from '../app/router';
import { Snippet } from './Snippet';
import { ADMIN_PATHS, isCertAdmin } from '../features/admin/model';
import { useI18n } from '../i18n';
import { api } from '../lib/api';
import { useMe } from '../lib/session';
import './data-table.css';
import { problemWording } from '../lib/problem-wording';
import { worded } from '../lib/wording';

type Kind = 'advisory' | 'incident' | 'feed-item' | 'indicator' | 'organization';
type Hit = { kind: Kind; id: string; title: { de: string; en?: string }; snippet: string; ref: string | null; severity: string | null; tlp: string | null; status: string | null };
type Result = { items: Hit[]; groups: { kind: Kind; count: number; next: string | null }[] };
type State = { status: 'idle' } | { status: 'loading'; q: string } | { status: 'error'; q: string; error: unknown } | { status: 'ready'; q: string; result: Result };

const PLURALS = { de: new Intl.PluralRules('de-DE'), en: new Intl.PluralRules('en-GB') };
const PER_KIND = 5;

export function GlobalSearch() {
  const { t, lang } = useI18n();
  const me = useMe();
  const ids = useId();
  const [text, setText] = useState('');
  const [state, setState] = useState<State>({ status: 'idle' });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const rootRef = useRef<HTMLDivElement>(null);

  // Debounced: one request after typing pauses, the previous one aborted.
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setState({ status: 'loading', q });
      api
        .get<Result>('/search', { query: { q, limit: PER_KIND }, signal: controller.signal })
        .then((result) => {
          setState({ status: 'ready', q, result });
          setActive(-1);
        })
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setState({ status: 'error', q, error });
        });
    }, 250);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  // A click outside closes the list.
  useEffect(() => {
    const onDown = (event: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, []);

  const hits = state.status === 'ready' ? state.result.items : [];

  const targetOf = (hit: Hit): string | null => {
    switch (hit.kind) {
      case 'advisory':
        return `/warnmeldungen/${hit.id}`;
      case 'incident':
        return `/vorfaelle/${hit.id}`;
      case 'feed-item':
        return `/eingang?state=all&q=${encodeURIComponent(hit.ref ?? hit.title.de)}`;
      case 'indicator':
        return `/indikatoren?q=${encodeURIComponent(hit.ref ?? hit.title.de)}`;
      case 'organization':
        return isCertAdmin(me) ? ADMIN_PATHS.organizations : null;
    }
  };

  const choose = (hit: Hit | undefined) => {
    if (!hit) return;
    const target = targetOf(hit);
    if (!target) return;
    setOpen(false);
    setText('');
    navigate(target);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      if (hits.length > 0) setActive((index) => (index + 1) % hits.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (hits.length > 0) setActive((index) => (index <= 0 ? hits.length - 1 : index - 1));
    } else if (event.key === 'Enter') {
      if (open && active >= 0) {
        event.preventDefault();
        choose(hits[active]);
      }
    } else if (event.key === 'Escape') {
      if (open) setOpen(false);
      else setText('');
    }
  };

  const listboxId = `${ids}-listbox`;
  const optionId = (index: number) => `${ids}-option-${index}`;
  const expanded = open && state.status !== 'idle';
  const title = (hit: Hit) => (lang === 'en' ? (hit.title.en ?? hit.title.de) : hit.title.de);
  const statusText =
    state.status === 'loading'
      ? t('search.loading')
      : state.status === 'error'
        ? t('search.error', { message: worded(t, problemWording(state.error)) ?? '' })
        : state.status === 'ready'
          ? hits.length === 0
            ? t('search.none', { q: state.q })
            : t(`search.count.${PLURALS[lang].select(hits.length) === 'one' ? 'one' : 'other'}`, { n: hits.length })
          : '';

  let index = -1;
  return (
    <div className="global-search" ref={rootRef} role="search">
      <label htmlFor={`${ids}-input`} className="visually-hidden">
        {t('search.label')}
      </label>
      <input
        id={`${ids}-input`}
        type="text"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listboxId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        placeholder={t('search.placeholder')}
        value={text}
        autoComplete="off"
        spellCheck={false}
        maxLength={500}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      <p className="visually-hidden" role="status" aria-live="polite">
        {expanded ? statusText : ''}
      </p>
      <div className="global-search__popup" hidden={!expanded}>
        {state.status !== 'ready' || hits.length === 0 ? <p className="global-search__status">{statusText}</p> : null}
        <div id={listboxId} role="listbox" aria-label={t('search.label')} className="global-search__listbox">
          {state.status === 'ready'
            ? state.result.groups
                .filter((group) => group.count > 0)
                .map((group) => (
                  <div key={group.kind} role="group" aria-labelledby={`${ids}-group-${group.kind}`} className="global-search__group">
                    <div id={`${ids}-group-${group.kind}`} role="presentation" className="global-search__group-label">
                      {t(`search.kind.${group.kind}`)}
                    </div>
                    {hits
                      .filter((hit) => hit.kind === group.kind)
                      .map((hit) => {
                        index += 1;
                        const mine = index;
                        return (
                          // The keyboard works on the input (combobox with aria-activedescendant, WAI-ARIA APG);
                          // the options take the pointer only and are never in the tab order.
                          // eslint-disable-next-line jsx-a11y/click-events-have-key-events
                          <div
                            key={`${hit.kind}:${hit.id}`}
                            id={optionId(mine)}
                            tabIndex={-1}
                            role="option"
                            aria-selected={mine === active}
                            aria-disabled={targetOf(hit) === null || undefined}
                            className="global-search__option"
                            onMouseDown={(event) => event.preventDefault()}
                            onClick={() => choose(hit)}
                            onMouseEnter={() => setActive(mine)}
                          >
                            <span className="global-search__option-title">{title(hit)}</span>
                            <span className="global-search__option-snippet">
                              <Snippet html={hit.snippet} />
                            </span>
                          </div>
                        );
                      })}
                  </div>
                ))
            : null}
        </div>
      </div>
    </div>
  );
}
