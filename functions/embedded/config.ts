import { resolve } from 'node:path';

/** Settings of the embedded service (README "Configuration"), read from the environment once. */
export interface EmbeddedConfig {
  port: number;
  dataDir: string;
  publicBaseUrl: string;
  maxInlineBytes: number;
  maxSessionBytes: number;
  uploadUrlSeconds: number;
  /** `local`: PDF text layer + Tesseract OCR after each upload; `off`: no extraction. */
  extraction: 'local' | 'off';
  /** Extractions run at once (each OCR worker holds ~100 MB and a core). */
  extractionConcurrency: number;
  /** RFC 3161 time-stamping authority for seals; none by default. */
  timestampUrl?: string;
  /** A PEM file of further roots `POST /v1/verify` trusts (a TSA's root, a company CA). */
  trustedRootsFile?: string;
  /** Hours between limitation scans (warnings at 180/90/30 days); 0 turns the scan off. */
  limitationScanHours: number;
  /** Hours between signed audit checkpoints; 0 turns them off. */
  checkpointHours: number;
  /** Demo mode: the demo users and dev login (never on a normal start). */
  demo: boolean;
  /** How long a sign-in lasts. */
  sessionHours: number;
}

/**
 * Reads the embedded settings; a bad value stops the start with a message naming it.
 *
 * @example
 * readConfig({ PORT: '9000' }).port // 9000
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): EmbeddedConfig {
  const port = integer(env, 'PORT', 8787, 1, 65535);
  const demo = oneOf(env, 'EVIDENCE_DEMO', ['0', '1'] as const, '0') === '1';
  return {
    port,
    // Demo users never land in the real data folder: demo mode has its own by default.
    dataDir: resolve(env.EVIDENCE_DATA_DIR ?? (demo ? './data-demo' : './data')),
    demo,
    sessionHours: integer(env, 'EVIDENCE_SESSION_HOURS', 12, 1, 24 * 30),
    publicBaseUrl: (env.EVIDENCE_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    maxInlineBytes: integer(env, 'EVIDENCE_MAX_UPLOAD_BYTES', 50 * 1024 * 1024, 1, 1024 ** 3),
    maxSessionBytes: integer(env, 'EVIDENCE_MAX_SESSION_UPLOAD_BYTES', 500 * 1024 * 1024, 1, 5 * 1024 ** 3),
    uploadUrlSeconds: integer(env, 'EVIDENCE_UPLOAD_URL_SECONDS', 15 * 60, 30, 7 * 24 * 3600),
    extraction: oneOf(env, 'EVIDENCE_EXTRACTION', ['local', 'off'] as const, 'local'),
    extractionConcurrency: integer(env, 'EVIDENCE_EXTRACTION_CONCURRENCY', 1, 1, 16),
    ...(env.EVIDENCE_TSA_URL ? { timestampUrl: url(env, 'EVIDENCE_TSA_URL') } : {}),
    ...(env.EVIDENCE_TRUSTED_ROOTS ? { trustedRootsFile: resolve(env.EVIDENCE_TRUSTED_ROOTS) } : {}),
    limitationScanHours: integer(env, 'EVIDENCE_LIMITATION_SCAN_HOURS', 24, 0, 24 * 7),
    checkpointHours: integer(env, 'EVIDENCE_CHECKPOINT_HOURS', 24, 0, 24 * 7),
  };
}

function url(env: NodeJS.ProcessEnv, name: string): string {
  const raw = env[name] as string;
  if (!/^https?:\/\/[^\s]+$/.test(raw)) throw new Error(`${name} must be an http(s) URL, not "${raw}"`);
  return raw;
}

export function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, not "${raw}"`);
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${values.join(', ')}, not "${raw}"`);
  return raw as T;
}
