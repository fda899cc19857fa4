/** How deep a request's JSON may nest; the deepest body the API knows (a template's data) needs about 6. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests objects and arrays deeper than `max`, found in one pass without
 * recursion or parsing (brackets inside strings do not count), so a body of 500 000 `{` costs
 * a scan, never a stack. The text need not be valid JSON: the parser judges that afterwards.
 *
 * @example
 * nestsDeeperThan('{"a":[{"b":"[[["}]}', 2) // true (three levels)
 * nestsDeeperThan('{"a":[1]}', 2) // false
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index++; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > max) return true;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return false;
}
