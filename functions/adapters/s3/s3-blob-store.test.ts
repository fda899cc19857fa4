import { createHash, randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBlobStoreContract } from '../../ports/blob-store.contract';
import { postToUploadTarget, type S3Emulator, startS3Emulator } from '../../testing/s3-emulator';
import { evidenceKey, S3BlobStore } from './s3-blob-store';

let s3: S3Emulator;
beforeAll(async () => {
  s3 = await startS3Emulator();
});
afterAll(async () => s3?.stop());

const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A store on two fresh buckets; retention 0 because s3rver has no Object Lock. */
async function makeStore(): Promise<{ store: S3BlobStore; evidenceBucket: string; quarantineBucket: string }> {
  const [evidenceBucket, quarantineBucket] = await Promise.all([s3.createBucket('evidence'), s3.createBucket('quarantine')]);
  return { store: new S3BlobStore({ client: s3.client, evidenceBucket, quarantineBucket, retentionDays: 0 }), evidenceBucket, quarantineBucket };
}

describeBlobStoreContract('S3BlobStore on s3rver', async () => {
  const { store, evidenceBucket } = await makeStore();
  return {
    store,
    dispose: async () => undefined,
    // The emulator has no Object Lock, so the fixture can overwrite a blob as an attacker with
    // bucket access could on a bucket without it.
    tamper: async (sha256, bytes) => {
      await s3.client.send(new PutObjectCommand({ Bucket: evidenceBucket, Key: evidenceKey(sha256), Body: bytes }));
    },
    sendToUploadTarget: async (target, bytes) => {
      expect(target.method).toBe('POST');
      const response = await postToUploadTarget(target, bytes);
      if (!response.ok) throw new Error(`upload refused: ${response.status} ${await response.text()}`);
    },
  };
});

describe('S3BlobStore', () => {
  it('issues a presigned POST into the quarantine bucket, keyed by the upload id, limited in size and type', async () => {
    // Prepare
    const { store, quarantineBucket } = await makeStore();
    const uploadId = randomUUID();
    // Act
    const target = await store.createUploadTarget(uploadId, { maxSize: 4096, contentType: 'application/pdf', expiresAt: new Date(Date.now() + 600_000) });
    // Assess: the policy S3 enforces (s3rver does not check it)
    const policy = JSON.parse(Buffer.from(target.fields?.Policy ?? '', 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] };
    expect(target.method).toBe('POST');
    expect(target.url).toBe(`${s3.endpoint}/${quarantineBucket}`);
    expect(target.fields?.key).toBe(uploadId);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([['content-length-range', 0, 4096], ['eq', '$Content-Type', 'application/pdf'], { bucket: quarantineBucket }, { key: uploadId }]),
    );
    expect(Math.abs(new Date(policy.expiration).getTime() - (Date.now() + 600_000))).toBeLessThan(5_000);
  });

  it('hands out a presigned GET that serves the bytes under the document name', async () => {
    // Prepare
    const { store } = await makeStore();
    const bytes = new TextEncoder().encode('%PDF-1.7 settlement');
    const { sha256 } = await store.put(bytes);
    // Act
    const url = await store.downloadUrl(sha256, { filename: '结算单.pdf', contentType: 'application/pdf', expiresInSeconds: 60 });
    const response = await fetch(url as string);
    // Assess
    expect(new URL(url as string).searchParams.get('X-Amz-Expires')).toBe('60');
    expect(response.status).toBe(200);
    expect(sha256Of(new Uint8Array(await response.arrayBuffer()))).toBe(sha256);
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('结算单.pdf')}`);
    expect(await store.downloadUrl('../etc/passwd', { filename: 'x', contentType: 'x', expiresInSeconds: 60 })).toBeUndefined();
  });

  it('keeps the quarantine object when promotion finds other bytes than declared', async () => {
    // Prepare
    const { store, quarantineBucket } = await makeStore();
    const uploadId = randomUUID();
    const sent = new TextEncoder().encode('not what was declared');
    await postToUploadTarget(await store.createUploadTarget(uploadId, { maxSize: 100, contentType: 'application/pdf', expiresAt: new Date(Date.now() + 60_000) }), sent);
    // Act
    const refused = await store.promoteStaged(uploadId, { sha256: sha256Of(new TextEncoder().encode('declared')), size: sent.length }).catch((error: unknown) => error);
    // Assess
    expect((refused as Error).name).toBe('BlobMismatchError');
    expect(await store.readStaged(uploadId)).toEqual(sent);
    expect(s3.events.some((event) => event.s3.bucket.name === quarantineBucket && event.s3.object.key === uploadId)).toBe(true);
  });
});
