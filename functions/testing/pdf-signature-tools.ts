import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { toPem } from '../pki/certificates';
import { requireTool } from './system-tools';

/** What poppler's `pdfsig` says about each signature of a PDF. */
export function pdfsig(bytes: Uint8Array): { signatures: Array<{ valid: boolean; total: boolean; subFilter: string; commonName: string }>; output: string } {
  requireTool('pdfsig', 'poppler-utils');
  const dir = mkdtempSync(join(tmpdir(), 'pdfsig-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), bytes);
    const run = spawnSync('pdfsig', [join(dir, 'in.pdf')], { encoding: 'utf8' });
    const output = `${run.stdout}${run.stderr}`;
    const blocks = output.split(/^Signature #\d+:$/m).slice(1);
    return {
      output,
      signatures: blocks.map((block) => ({
        valid: /Signature Validation: Signature is Valid\./.test(block),
        total: /Total document signed/.test(block),
        subFilter: /Signature Type: (\S+)/.exec(block)?.[1] ?? '',
        commonName: /Signer Certificate Common Name: (.*)$/m.exec(block)?.[1]?.trim() ?? '',
      })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `openssl cms -verify` of the last signature of a PDF, done as a person would by hand: the CMS
 * taken from /Contents, the content the bytes of /ByteRange, the chain checked to `root`.
 */
export function opensslVerifyLastSignature(bytes: Uint8Array, root: Uint8Array): { ok: boolean; output: string } {
  requireTool('openssl', 'openssl');
  const text = Buffer.from(bytes).toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => m.slice(1, 5).map(Number) as [number, number, number, number]);
  const [a, b, c, d] = ranges.sort((x, y) => x[2] + x[3] - (y[2] + y[3])).at(-1) as [number, number, number, number];
  const hex = text.slice(a + b + 1, c - 1);
  const padded = Buffer.from(hex, 'hex');
  // /Contents is zero-padded; openssl wants the DER alone.
  const der = padded.subarray(0, asn1js.fromBER(new Uint8Array(padded)).offset);
  const dir = mkdtempSync(join(tmpdir(), 'cms-'));
  try {
    writeFileSync(join(dir, 'sig.der'), der);
    writeFileSync(join(dir, 'content.bin'), Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]));
    writeFileSync(join(dir, 'root.pem'), toPem(root));
    const run = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'sig.der'), '-content', join(dir, 'content.bin'), '-CAfile', join(dir, 'root.pem'), '-purpose', 'any', '-out', join(dir, 'out.bin')], { encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether `qpdf --check` finds the PDF sound. */
export function qpdfCheck(bytes: Uint8Array): { ok: boolean; output: string } {
  requireTool('qpdf', 'qpdf');
  const dir = mkdtempSync(join(tmpdir(), 'qpdf-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), bytes);
    const run = spawnSync('qpdf', ['--check', join(dir, 'in.pdf')], { encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
