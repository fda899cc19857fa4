import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealerContract } from '../../ports/sealer.contract';
import { commonName } from '../../pki/certificates';
import { LocalSealer } from './local-sealer';

sealerContract('LocalSealer (key in the data folder)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'seal-'));
  const sealer = await LocalSealer.openOrCreate(join(dir, 'seal'));
  return { sealer, trustedRoot: sealer.rootCertificate, dispose: () => rm(dir, { recursive: true, force: true }) };
});

describe('LocalSealer', () => {
  it('makes key and certificates on first start, owner-only, and reuses them after', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'seal-'));
    const folder = join(dir, 'seal');
    // Act
    const first = await LocalSealer.openOrCreate(folder, { organization: 'Example Co.' });
    const second = await LocalSealer.openOrCreate(folder);
    // Assess
    expect(await second.certificateChain()).toEqual(await first.certificateChain());
    expect(commonName((await first.certificateChain())[0]!)).toBe('Example Co. document seal');
    expect(((await stat(join(folder, 'seal-key.pem'))).mode & 0o077)).toBe(0);
    // The root's private key is not kept.
    expect((await readdir(folder)).sort()).toEqual(['root-ca.pem', 'seal-certificate.pem', 'seal-key.pem']);
    expect(await readFile(join(folder, 'root-ca.pem'), 'utf8')).not.toContain('PRIVATE KEY');
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps one seal when two first starts race', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seal-'));
    const [a, b] = await Promise.all([LocalSealer.openOrCreate(join(dir, 'seal')), LocalSealer.openOrCreate(join(dir, 'seal'))]);
    expect(await a.certificateChain()).toEqual(await b.certificateChain());
    expect(await readdir(dir)).toEqual(['seal']);
    await rm(dir, { recursive: true, force: true });
  });
});
