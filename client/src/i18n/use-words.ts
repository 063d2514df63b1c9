import { useMemo } from 'react';
import type { Words } from '../lib/words';
import { de, type MessageKey } from './de';
import { useI18n } from './index';

function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(de, key);
}

/** The reader's language as lib/words.ts `Words`; a key it does not know is shown as itself. */
export function useWords(): Words {
  const { t, lang } = useI18n();
  return useMemo(() => ({ lang, has: isMessageKey, t: (key, params) => (isMessageKey(key) ? t(key, params) : key) }), [t, lang]);
}
