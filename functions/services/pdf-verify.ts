import { createHash } from 'node:crypto';
import { readTimestampToken } from '../pki/rfc3161';
import { chainsToTrustedRoot, checkSigner, readSignedData, subjectName } from './cms-verify';

/** One signature of a PDF, as our verifier sees it (DESIGN §4 `POST /v1/verify`). */
export interface SignatureReport {
  signer: string;
  /** The timestamp's time if there is a valid one, else the time the signature claims. */
  signedAt: string | null;
  /** The message digest signed equals the digest of the byte ranges. */
  digestValid: boolean;
  /** The CMS signature over the signed attributes verifies with the signer's certificate. */
  signatureValid: boolean;
  /** The signing-certificate(-v2) attribute names the signer's certificate (null: absent). */
  signingCertificateValid: boolean | null;
  /** The byte ranges cover the whole file except the signature itself. */
  coversWholeDocument: boolean;
  /** The signer's certificate chains to a trusted root, valid at `signedAt`. */
  certificateTrusted: boolean;
  subFilter: string;
  byteRange: [number, number, number, number];
  timestamp?: { time: string; authorityName: string; digestValid: boolean; signatureValid: boolean; trusted: boolean };
  problems: string[];
}

export interface PdfVerification {
  signatures: SignatureReport[];
  /** Bytes after the end of the last signed range: changes made after the last signature. */
  bytesAfterLastSignature: number;
  valid: boolean;
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/**
 * Verifies every signature of a PDF over its byte ranges, with our own code (not a PDF library):
 * the digest of the ranges against the signed message digest, the CMS signature, the signing
 * certificate attribute, the chain to the trusted roots, an RFC 3161 timestamp on the
 * signature, whether each signature covers the whole file, and whether anything was appended
 * after the last one. The file is valid when it has a signature, every signature is sound and
 * trusted, and nothing follows the last.
 *
 * @example
 * const report = await verifyPdf(bytes, [localRootDer]);
 */
export async function verifyPdf(bytes: Uint8Array, trustedRoots: readonly Uint8Array[]): Promise<PdfVerification> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const seen = new Set<string>();
  const signatures: SignatureReport[] = [];
  for (const match of text.matchAll(BYTE_RANGE)) {
    const range = match.slice(1, 5).map(Number) as [number, number, number, number];
    if (seen.has(range.join())) continue;
    seen.add(range.join());
    signatures.push(await checkSignature(bytes, text, match.index, range, trustedRoots));
  }
  const end = Math.max(0, ...signatures.map((s) => s.byteRange[2] + s.byteRange[3]));
  const bytesAfterLastSignature = signatures.length ? bytes.length - end : bytes.length;
  const valid =
    signatures.length > 0 &&
    bytesAfterLastSignature === 0 &&
    signatures.every((s) => s.digestValid && s.signatureValid && s.certificateTrusted && s.signingCertificateValid !== false && (!s.timestamp || (s.timestamp.digestValid && s.timestamp.signatureValid && s.timestamp.trusted)));
  return { signatures, bytesAfterLastSignature, valid };
}

async function checkSignature(bytes: Uint8Array, text: string, at: number, range: [number, number, number, number], trustedRoots: readonly Uint8Array[]): Promise<SignatureReport> {
  const [start, firstLength, secondStart, secondLength] = range;
  const dictionary = text.slice(Math.max(0, text.lastIndexOf(' obj', at)), Math.max(at, text.indexOf('endobj', at)));
  const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(dictionary)?.[1] ?? '';
  const claimedTime = pdfDate(/\/M\s*\((D:[^)]*)\)/.exec(dictionary)?.[1]);
  const report: SignatureReport = {
    signer: '',
    signedAt: claimedTime?.toISOString() ?? null,
    digestValid: false,
    signatureValid: false,
    signingCertificateValid: null,
    coversWholeDocument: start === 0 && secondStart + secondLength === bytes.length,
    certificateTrusted: false,
    subFilter,
    byteRange: range,
    problems: [],
  };
  const contents = text.slice(start + firstLength, secondStart);
  if (start !== 0 || secondStart + secondLength > bytes.length || !/^<[0-9A-Fa-f\s]*>$/.test(contents)) {
    report.problems.push('the byte range does not frame a /Contents hex string inside the file');
    return report;
  }
  let check;
  try {
    check = checkSigner(readSignedData(Buffer.from(contents.slice(1, -1).replace(/\s+/g, ''), 'hex')), [bytes.subarray(0, firstLength), bytes.subarray(secondStart, secondStart + secondLength)]);
  } catch (error) {
    report.problems.push(`the signature is not readable CMS: ${(error as Error).message}`);
    return report;
  }
  Object.assign(report, { digestValid: check.digestValid, signatureValid: check.signatureValid, signingCertificateValid: check.signingCertificateValid });
  report.problems.push(...check.problems);
  if (check.signer) report.signer = subjectName(check.signer);

  if (check.timestampToken) {
    try {
      const { signedData, info } = readTimestampToken(check.timestampToken);
      const tokenCheck = checkSigner(signedData, [new Uint8Array(signedData.encapContentInfo.eContent?.getValue() ?? new ArrayBuffer(0))]);
      const imprintValid = Buffer.from(info.hashedMessage).equals(createHash('sha256').update(check.signatureValue).digest());
      report.timestamp = {
        time: info.genTime.toISOString(),
        authorityName: tokenCheck.signer ? subjectName(tokenCheck.signer) : '',
        digestValid: imprintValid && tokenCheck.digestValid,
        signatureValid: tokenCheck.signatureValid,
        trusted: !!tokenCheck.signer && (await chainsToTrustedRoot(tokenCheck.signer, tokenCheck.certificates, trustedRoots, info.genTime)),
      };
      if (report.timestamp.digestValid && report.timestamp.signatureValid) report.signedAt = report.timestamp.time;
    } catch (error) {
      report.problems.push(`the timestamp is not readable: ${(error as Error).message}`);
    }
  }
  const when = report.signedAt ? new Date(report.signedAt) : (check.signingTime ?? new Date());
  report.certificateTrusted = !!check.signer && (await chainsToTrustedRoot(check.signer, check.certificates, trustedRoots, when));
  if (!report.certificateTrusted) report.problems.push('the signer certificate does not chain to a trusted root');
  return report;
}

/** `D:YYYYMMDDHHmmSS+HH'mm'` (PDF date) → Date. */
function pdfDate(value: string | undefined): Date | undefined {
  const match = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value ?? '');
  if (!match) return undefined;
  const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', zone = 'Z'] = match;
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.replace(/'/g, '').slice(3, 5) || '00'}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
