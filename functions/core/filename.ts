import { ValidationError } from './errors';

const MAX_LENGTH = 200;
// Characters that mean something to a file system or a shell on some platform.
const RESERVED = /[<>:"|?*]/g;
// Bidirectional overrides and isolates let "cod.exe" display as "exe.doc".
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/g;

/**
 * The name a file is kept and offered under. Names that try to be paths (`../x`, `a/b`, `C:\x`),
 * or that carry control characters, are refused; reserved characters become `_`; the result is
 * NFC-normalised and at most 200 characters. The name never reaches a file system path: blobs
 * are stored by hash.
 *
 * @example
 * safeFilename(' 合同 2026?.pdf ') // '合同 2026_.pdf'
 * safeFilename('../../etc/passwd') // throws ValidationError
 */
export function safeFilename(name: string): string {
  const normalised = name.normalize('NFC').replace(BIDI_CONTROLS, '').trim();
  const problem =
    normalised.length === 0
      ? 'the file name is empty'
      : /[/\\]/.test(normalised) || normalised === '.' || normalised === '..'
        ? 'the file name looks like a path; send the bare name'
        : /\p{Cc}/u.test(normalised)
          ? 'the file name contains control characters'
          : [...normalised].length > MAX_LENGTH
            ? `the file name is longer than ${MAX_LENGTH} characters`
            : undefined;
  if (problem) throw new ValidationError(problem, [{ path: 'filename', message: problem }]);
  return normalised.replace(RESERVED, '_');
}

/**
 * A `Content-Disposition: attachment` value (RFC 6266 / 5987): an ASCII fallback plus the exact
 * UTF-8 name. Used for streamed downloads and for presigned S3 URLs alike.
 *
 * @example
 * contentDisposition('合同.pdf') // `attachment; filename="__.pdf"; filename*=UTF-8''%E5%90%88%E5%90%8C.pdf`
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
