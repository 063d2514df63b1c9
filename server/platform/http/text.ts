/**
 * Text that PostgreSQL and every consumer downstream can hold unchanged: well-formed UTF-16 in
 * JavaScript strings (no lone surrogate, which would be stored as U+FFFD and so silently altered)
 * and well-formed UTF-8 in raw bodies.
 */
import { isUtf8 } from 'node:buffer';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` holds a UTF-16 surrogate without its partner (e.g. from a JSON `"\ud800"` escape). */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Whether `bytes` are well-formed UTF-8 (no overlong forms, no encoded surrogates, nothing truncated). */
export function isWellFormedUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

/** A string the platform stores unchanged: no NUL (PostgreSQL text cannot hold it) and no lone surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !hasLoneSurrogate(text);
}
