import { UnsupportedMediaError, ValidationError } from './errors';

const MAX_LENGTH = 200;
// Characters that mean something to a file system or a shell on some platform.
const RESERVED = /[<>:"|?*]/g;
// Invisible format characters: bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069) let
// "invoice\u202Efdp.exe" display as "invoiceexe.pdf"; zero-width ones (U+200B–U+200F, U+FEFF, U+2060…)
// hide what a name really is; line and paragraph separators break the lines a name is shown on.
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}]/u;

/** The extensions each accepted evidence type may carry; the first is the one a bare name gets. */
export const EXTENSIONS_BY_TYPE = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/tiff': ['tif', 'tiff'],
} as const satisfies Record<string, readonly string[]>;
export type EvidenceMediaType = keyof typeof EXTENSIONS_BY_TYPE;

/**
 * The name a file is kept and offered under. Names that try to be paths (`../x`, `a/b`, `C:\x`),
 * or that carry control characters or invisible format characters (bidi overrides such as U+202E,
 * zero-width characters), are refused; reserved characters become `_`; the result is
 * NFC-normalised and at most 200 characters. The name never reaches a file system path: blobs
 * are stored by hash.
 *
 * @example
 * safeFilename(' 合同 2026?.pdf ') // '合同 2026_.pdf'
 * safeFilename('../../etc/passwd') // throws ValidationError
 * safeFilename('invoice\u202Efdp.exe') // throws ValidationError
 */
export function safeFilename(name: string): string {
  // Checked before trimming: trim() would quietly drop a leading byte-order mark (U+FEFF).
  const invisible = INVISIBLE.exec(name)?.[0];
  const normalised = name.normalize('NFC').trim();
  const problem =
    normalised.length === 0
      ? 'the file name is empty'
      : /[/\\]/.test(normalised) || normalised === '.' || normalised === '..'
        ? 'the file name looks like a path; send the bare name'
        : /\p{Cc}/u.test(normalised)
          ? 'the file name contains control characters'
          : invisible !== undefined
            ? `the file name contains an invisible formatting character (U+${codePointOf(invisible)}, such as a right-to-left override) that can disguise what the file is; rename the file`
            : [...normalised].length > MAX_LENGTH
              ? `the file name is longer than ${MAX_LENGTH} characters`
              : undefined;
  if (problem) throw new ValidationError(problem, [{ path: 'filename', message: problem }]);
  return normalised.replace(RESERVED, '_');
}

function codePointOf(character: string | undefined): string {
  return (character?.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

/**
 * The extension of a name: the part after the last dot when it is 1–10 ASCII letters and digits
 * with at least one letter (so `合同 v2.1` has none), lower-cased.
 *
 * @example
 * filenameExtension('Scan.JPEG') // 'jpeg'
 * filenameExtension('合同 v2.1') // undefined
 */
export function filenameExtension(name: string): string | undefined {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return match?.[1] && /[A-Za-z]/.test(match[1]) ? match[1].toLowerCase() : undefined;
}

/**
 * The name a file of `contentType` is kept under: its extension must be one of that type's
 * (`evil.html` or `evil.exe` with PDF bytes is refused, so a download can never be taken for
 * something else); a name without an extension is given the type's own (`scan` → `scan.pdf`).
 *
 * @example
 * nameForType('结算单', 'application/pdf') // '结算单.pdf'
 * nameForType('evil.html', 'application/pdf') // throws UnsupportedMediaError
 */
export function nameForType(name: string, contentType: EvidenceMediaType): string {
  const allowed: readonly string[] = EXTENSIONS_BY_TYPE[contentType];
  const extension = filenameExtension(name);
  if (extension === undefined) return `${name}.${allowed[0]}`;
  if (allowed.includes(extension)) return name;
  throw new UnsupportedMediaError(`the file name ends in .${extension} but its bytes are ${contentType}; name it .${allowed.join(' or .')}`);
}

/**
 * A `Content-Disposition` value (RFC 6266 / 8187): `attachment` unless told `inline`, an ASCII
 * fallback plus the exact UTF-8 name. `encodeURIComponent` leaves `'()*` as they are, but RFC 8187
 * allows none of them in `filename*` (a `'` even ends the charset part), so they are encoded too.
 * Used for streamed downloads and for presigned S3 URLs alike.
 *
 * @example
 * contentDisposition('合同.pdf') // `attachment; filename="__.pdf"; filename*=UTF-8''%E5%90%88%E5%90%8C.pdf`
 * contentDisposition("it's (1).pdf", 'inline') // `inline; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`
 */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

// Shown by the browser itself or by the app's own viewer (pdfjs, <img>); TIFF is neither.
const SHOWN_INLINE: ReadonlySet<string> = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/**
 * How a stored document is offered for download: `inline` for a PDF, PNG or JPEG (what the app's
 * viewer shows), `attachment` for anything else, always with the exact name (RFC 6266).
 *
 * @example
 * downloadDisposition('照片.tif', 'image/tiff') // `attachment; filename="__.tif"; filename*=UTF-8''%E7%85%A7%E7%89%87.tif`
 */
export function downloadDisposition(filename: string, contentType: string): string {
  return contentDisposition(filename, SHOWN_INLINE.has(contentType) ? 'inline' : 'attachment');
}
