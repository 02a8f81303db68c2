// Input rules for the guestbook. Lengths count characters (code points) like PostgreSQL's
// varchar(n), not UTF-16 units; text PostgreSQL cannot store (NUL, lone surrogates) is refused
// here so it can never surface as a database error.
import type { FieldError } from '@gitops-lab/service-kit';
import { decodeCursor } from './cursor.js';

export const AUTHOR_MAX = 40;
export const TEXT_MAX = 280;
export const LIMIT_DEFAULT = 20;
export const LIMIT_MAX = 100;
const ID_MAX = 2_147_483_647;
// A lone surrogate (with the u flag, paired surrogates form one code point and do not match).
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const unstorable = (text: string): boolean => text.includes('\u0000') || LONE_SURROGATE.test(text);

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

function checkText(field: string, value: unknown, max: number, errors: FieldError[]): string {
  if (typeof value !== 'string') {
    errors.push({ field, detail: value === undefined ? 'is required' : 'must be a string' });
    return '';
  }
  const trimmed = value.trim();
  if (trimmed.length === 0) errors.push({ field, detail: 'must not be empty' });
  else if ([...trimmed].length > max)
    errors.push({ field, detail: `must be at most ${max} characters` });
  else if (unstorable(trimmed)) {
    errors.push({ field, detail: 'contains characters that cannot be stored' });
  }
  return trimmed;
}

export function validateNewMessage(body: unknown): Validated<{ author: string; text: string }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, errors: [{ field: 'body', detail: 'must be a JSON object' }] };
  }
  const errors: FieldError[] = [];
  const input = body as Record<string, unknown>;
  const author = checkText('author', input.author, AUTHOR_MAX, errors);
  const text = checkText('text', input.text, TEXT_MAX, errors);
  for (const key of Object.keys(input)) {
    if (key !== 'author' && key !== 'text')
      errors.push({ field: key, detail: 'is not a known field' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { author, text } };
}

export function validateListQuery(
  query: Record<string, unknown>,
): Validated<{ limit: number; before: number | undefined }> {
  const errors: FieldError[] = [];
  let limit = LIMIT_DEFAULT;
  if (query.limit !== undefined) {
    const raw = query.limit;
    if (
      typeof raw !== 'string' ||
      !/^\d{1,3}$/.test(raw) ||
      Number(raw) < 1 ||
      Number(raw) > LIMIT_MAX
    ) {
      errors.push({ field: 'limit', detail: `must be an integer from 1 to ${LIMIT_MAX}` });
    } else limit = Number(raw);
  }
  let before: number | undefined;
  if (query.cursor !== undefined) {
    before = typeof query.cursor === 'string' ? decodeCursor(query.cursor) : undefined;
    if (before === undefined) {
      errors.push({ field: 'cursor', detail: 'is not a cursor returned by this api' });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { limit, before } };
}

/** A message id from the path: a positive 32-bit integer. */
export function validateMessageId(raw: string): Validated<number> {
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isInteger(id) && id <= ID_MAX
    ? { ok: true, value: id }
    : { ok: false, errors: [{ field: 'id', detail: 'must be a positive integer' }] };
}
