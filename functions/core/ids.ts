import { v7 as uuidv7 } from 'uuid';

/**
 * A new time-sortable id (UUIDv7, RFC 9562): ids sort by creation time, so "newest last"
 * listings need no extra attribute.
 *
 * @example
 * newId() // '019ad0c4-8b1e-7c3a-9f2d-…'
 */
export function newId(): string {
  return uuidv7();
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True when `value` looks like an id this service issued. */
export function isId(value: string): boolean {
  return UUID_PATTERN.test(value);
}
