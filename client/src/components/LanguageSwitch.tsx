import { useAnnounce } from '../app/announcer';
import { LANGUAGES, translate, useI18n, type Language } from '../i18n';

/** Two toggle buttons, each labelled in its own language (lang attribute set for screen readers). */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  const announce = useAnnounce();

  const choose = (next: Language) => {
    if (next === lang) return;
    setLang(next);
    announce(translate(next, 'lang.changed'));
  };

  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LANGUAGES.map((option) => (
        <button
          key={option}
          type="button"
          className="lang-switch__button"
          lang={option}
          aria-pressed={option === lang}
          onClick={() => choose(option)}
        >
          {translate(option, option === 'de' ? 'lang.de' : 'lang.en')}
        </button>
      ))}
    </div>
  );
}
