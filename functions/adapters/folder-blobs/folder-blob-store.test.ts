import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeBlobStoreContract } from '../../ports/blob-store.contract';
import { BlobTooLargeError, type UploadTarget, UploadUrlRejectedError } from '../../ports/blob-store';
import { FolderBlobStore } from './folder-blob-store';

const PUBLIC_BASE_URL = 'http://localhost:8787';

/** Where the folder store keeps a blob: `sha256/ab/cd/<hash>`. */
const blobFile = (root: string, sha256: string): string => join(root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/** What the embedded API does with a request to an upload URL: upload id from the path, query as is. */
function requestOf(target: UploadTarget): { uploadId: string; query: Record<string, string> } {
  const url = new URL(target.url);
  const uploadId = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
  return { uploadId, query: Object.fromEntries(url.searchParams) };
}

function makeStore(root: string, uploadSecret: Uint8Array = new Uint8Array(randomBytes(32))): FolderBlobStore {
  return new FolderBlobStore({ root, uploadSecret, publicBaseUrl: PUBLIC_BASE_URL });
}

/** Files left in the store's scratch folders (temporary writes and staged uploads). */
async function filesIn(root: string, folder: 'tmp' | 'staging'): Promise<string[]> {
  try {
    return await readdir(join(root, folder));
  } catch {
    return [];
  }
}

describeBlobStoreContract('FolderBlobStore', async () => {
  const root = await mkdtemp(join(tmpdir(), 'folder-blobs-'));
  const store = makeStore(root);
  return {
    store,
    dispose: () => rm(root, { recursive: true, force: true }),
    tamper: async (sha256, bytes) => {
      const path = blobFile(root, sha256);
      await chmod(path, 0o644);
      await writeFile(path, bytes);
      await chmod(path, 0o444);
    },
    sendToUploadTarget: async (target, bytes) => {
      expect(target.method).toBe('PUT');
      const { uploadId, query } = requestOf(target);
      await store.receive(uploadId, query, once(bytes));
    },
  };
});

describe('FolderBlobStore', () => {
  let root: string;
  let store: FolderBlobStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'folder-blobs-'));
    store = makeStore(root);
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('signed upload URLs', () => {
    const options = (overrides: { maxSize?: number; expiresAt?: Date } = {}) => ({
      maxSize: overrides.maxSize ?? 1000,
      contentType: 'application/pdf',
      expiresAt: overrides.expiresAt ?? new Date(Date.now() + 60_000),
    });

    it('issues a PUT URL under the public base URL for the upload', async () => {
      // Prepare
      const uploadId = randomUUID();

      // Act
      const target = await store.createUploadTarget(uploadId, options());

      // Assess
      expect(target.method).toBe('PUT');
      expect(target.url.startsWith(`${PUBLIC_BASE_URL}/v1/blob-uploads/${uploadId}?`)).toBe(true);
    });

    it.each([
      ['a changed signature', (query: Record<string, string>) => ({ ...query, signature: flipLastHexDigit(query.signature ?? '') })],
      ['no signature', ({ signature: _signature, ...query }: Record<string, string>) => query],
      ['a garbage signature', (query: Record<string, string>) => ({ ...query, signature: 'not-hex' })],
      ['a raised maxSize', (query: Record<string, string>) => ({ ...query, maxSize: '1000000' })],
      ['a later expiry', (query: Record<string, string>) => ({ ...query, expires: String(Date.now() + 86_400_000) })],
    ])('rejects a URL with %s and stages nothing', async (_what, forge) => {
      // Prepare
      const uploadId = randomUUID();
      const { query } = requestOf(await store.createUploadTarget(uploadId, options()));

      // Act
      const received = store.receive(uploadId, forge(query), once(new Uint8Array(10)));

      // Assess
      await expect(received).rejects.toBeInstanceOf(UploadUrlRejectedError);
      expect(await store.readStaged(uploadId)).toBeUndefined();
    });

    it('rejects a URL signed for another upload', async () => {
      // Prepare
      const [signedFor, usedFor] = [randomUUID(), randomUUID()];
      const { query } = requestOf(await store.createUploadTarget(signedFor, options()));

      // Act
      const received = store.receive(usedFor, query, once(new Uint8Array(10)));

      // Assess
      await expect(received).rejects.toBeInstanceOf(UploadUrlRejectedError);
      expect(await store.readStaged(usedFor)).toBeUndefined();
      expect(await store.readStaged(signedFor)).toBeUndefined();
    });

    it('rejects a URL signed by a store with another secret', async () => {
      // Prepare
      const uploadId = randomUUID();
      const stranger = makeStore(root);
      const { query } = requestOf(await stranger.createUploadTarget(uploadId, options()));

      // Act
      const received = store.receive(uploadId, query, once(new Uint8Array(10)));

      // Assess
      await expect(received).rejects.toBeInstanceOf(UploadUrlRejectedError);
      expect(await store.readStaged(uploadId)).toBeUndefined();
    });

    it('rejects an expired URL', async () => {
      // Prepare
      const uploadId = randomUUID();
      const { query } = requestOf(await store.createUploadTarget(uploadId, options({ expiresAt: new Date(Date.now() - 1) })));

      // Act
      const received = store.receive(uploadId, query, once(new Uint8Array(10)));

      // Assess
      await expect(received).rejects.toBeInstanceOf(UploadUrlRejectedError);
      expect(await store.readStaged(uploadId)).toBeUndefined();
    });

    it('rejects an upload id that is a path, when signing and when receiving', async () => {
      // Prepare
      const { query } = requestOf(await store.createUploadTarget(randomUUID(), options()));

      // Act
      const signing = store.createUploadTarget('../sha256', options());
      const receiving = store.receive('../sha256', query, once(new Uint8Array(10)));

      // Assess
      await expect(signing).rejects.toThrow();
      await expect(receiving).rejects.toBeInstanceOf(UploadUrlRejectedError);
      expect(await readdir(root)).not.toContain('sha256');
    });

    it("refuses a body larger than the URL's maxSize and stages nothing", async () => {
      // Prepare
      const uploadId = randomUUID();
      const { query } = requestOf(await store.createUploadTarget(uploadId, options({ maxSize: 100_000 })));
      async function* oversized(): AsyncIterable<Uint8Array> {
        for (let i = 0; i < 5; i += 1) yield new Uint8Array(randomBytes(30_000));
      }

      // Act
      const received = store.receive(uploadId, query, oversized());

      // Assess
      await expect(received).rejects.toBeInstanceOf(BlobTooLargeError);
      expect(await store.readStaged(uploadId)).toBeUndefined();
      expect(await filesIn(root, 'tmp')).toEqual([]);
    });

    it("accepts a body of exactly the URL's maxSize", async () => {
      // Prepare
      const uploadId = randomUUID();
      const bytes = new Uint8Array(randomBytes(1000));
      const { query } = requestOf(await store.createUploadTarget(uploadId, options({ maxSize: 1000 })));

      // Act
      const received = await store.receive(uploadId, query, once(bytes));

      // Assess
      expect(received).toEqual({ size: 1000 });
      expect(await store.readStaged(uploadId)).toEqual(bytes);
    });
  });

  describe('files on disk', () => {
    it('makes stored blobs read-only', async () => {
      // Prepare
      const bytes = new Uint8Array(randomBytes(5000));

      // Act
      const { sha256 } = await store.put(bytes);

      // Assess
      const mode = (await stat(blobFile(root, sha256))).mode & 0o777;
      expect(mode).toBe(0o444);
      expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    });

    it('makes promoted uploads read-only and clears staging', async () => {
      // Prepare
      const uploadId = randomUUID();
      const bytes = new Uint8Array(randomBytes(5000));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const { query } = requestOf(
        await store.createUploadTarget(uploadId, { maxSize: 10_000, contentType: 'application/pdf', expiresAt: new Date(Date.now() + 60_000) }),
      );
      await store.receive(uploadId, query, once(bytes));

      // Act
      await store.promoteStaged(uploadId, { sha256, size: bytes.length });

      // Assess
      expect((await stat(blobFile(root, sha256))).mode & 0o777).toBe(0o444);
      expect(await filesIn(root, 'staging')).toEqual([]);
    });

    it('leaves no temporary files behind after a refused or failed put', async () => {
      // Prepare
      async function* failing(): AsyncIterable<Uint8Array> {
        yield new Uint8Array(10);
        throw new Error('connection reset');
      }

      // Act
      await expect(store.put(new Uint8Array(2000), { maxSize: 1000 })).rejects.toBeInstanceOf(BlobTooLargeError);
      await expect(store.put(failing())).rejects.toThrow('connection reset');
      await store.put(new Uint8Array(10));

      // Assess
      expect(await filesIn(root, 'tmp')).toEqual([]);
    });
  });
});

function flipLastHexDigit(hex: string): string {
  const last = hex.at(-1);
  return `${hex.slice(0, -1)}${last === '0' ? '1' : '0'}`;
}
