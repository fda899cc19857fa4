/**
 * The contract every BlobStore adapter keeps (DESIGN §2: one suite, run against the folder store
 * and, later, an S3 emulator). Call {@link describeBlobStoreContract} from an adapter's `*.test.ts`.
 *
 * `makeStore` runs before every test and must hand back an empty store; `dispose` runs after it.
 * `sendToUploadTarget` plays the client: it sends bytes to a target the store issued, the way a
 * browser would (PUT to the URL, or a POST form with the target's fields). `tamper`, when the
 * adapter can offer it, overwrites a stored blob behind the store's back.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BlobMismatchError,
  type BlobStore,
  BlobTooLargeError,
  type StoredBlob,
  type UploadTarget,
  type UploadTargetOptions,
} from './blob-store';

export interface BlobStoreFixture {
  store: BlobStore;
  dispose(): Promise<void>;
  /** Overwrites the stored bytes of `sha256` (for tamper detection tests). */
  tamper?(sha256: string, bytes: Uint8Array): Promise<void>;
  /** Sends `bytes` to an upload target, as a client would. */
  sendToUploadTarget(target: UploadTarget, bytes: Uint8Array): Promise<void>;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function* chunksOf(bytes: Uint8Array, sizes: readonly number[]): AsyncIterable<Uint8Array> {
  let offset = 0;
  for (const size of sizes) {
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
  if (offset < bytes.length) yield bytes.subarray(offset);
}

/** A comparable digest of bytes (deep equality on megabytes of typed array is slow). */
function fingerprint(bytes: Uint8Array | undefined): { size: number; sha256: string } | undefined {
  return bytes && { size: bytes.length, sha256: sha256Of(bytes) };
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return new Uint8Array(Buffer.concat(parts));
}

/** Resolves to what `promise` rejects with; fails when it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

const inAnHour = (): Date => new Date(Date.now() + 60 * 60 * 1000);
const uploadOptions = (maxSize: number): UploadTargetOptions => ({
  maxSize,
  contentType: 'application/pdf',
  expiresAt: inAnHour(),
});

export function describeBlobStoreContract(name: string, makeStore: () => Promise<BlobStoreFixture>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let fixture: BlobStoreFixture;
    let store: BlobStore;

    beforeEach(async () => {
      fixture = await makeStore();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture.dispose();
    });

    describe('put', () => {
      it('returns the SHA-256 and size of the bytes and keeps them', async () => {
        // Prepare
        const bytes = encode('visit record 拜访记录 ¥1,234,567.89');

        // Act
        const stored = await store.put(bytes);

        // Assess
        expect(stored).toEqual({ sha256: sha256Of(bytes), size: bytes.length });
        expect(await store.get(stored.sha256)).toEqual(bytes);
        expect(await store.stat(stored.sha256)).toEqual({ size: bytes.length });
      });

      it('stores only the bytes of a view, not the rest of its buffer', async () => {
        // Prepare
        const buffer = encode('HEADER|the document itself|TRAILER');
        const view = buffer.subarray(7, 26);

        // Act
        const stored = await store.put(view);

        // Assess
        expect(stored).toEqual({ sha256: sha256Of(encode('the document itself')), size: 19 });
        expect(await store.get(stored.sha256)).toEqual(encode('the document itself'));
      });

      it('stores empty content', async () => {
        // Prepare
        const empty = new Uint8Array(0);

        // Act
        const stored = await store.put(empty);

        // Assess
        expect(stored).toEqual({ sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', size: 0 });
        expect(await store.get(stored.sha256)).toEqual(empty);
        expect(await store.stat(stored.sha256)).toEqual({ size: 0 });
      });

      it('hashes an async iterable of chunks like the same bytes in one piece', async () => {
        // Prepare: uneven chunks, an empty one among them, more than a megabyte in all
        const bytes = new Uint8Array(randomBytes(1_500_000));

        // Act
        const streamed = await store.put(chunksOf(bytes, [1, 0, 65_535, 700_000, 3]));

        // Assess
        expect(streamed).toEqual({ sha256: sha256Of(bytes), size: bytes.length });
        expect(fingerprint(await store.get(streamed.sha256))).toEqual(fingerprint(bytes));
      });

      it('is idempotent, also when the same bytes arrive concurrently', async () => {
        // Prepare
        const bytes = encode('the same contract, uploaded twice');
        const first = await store.put(bytes);

        // Act
        const again = await store.put(bytes);
        const concurrent = await Promise.all(Array.from({ length: 5 }, () => store.put(chunksOf(bytes, [3, 5]))));

        // Assess
        expect(again).toEqual(first);
        expect(concurrent).toEqual(Array.from({ length: 5 }, () => first));
        expect(await store.get(first.sha256)).toEqual(bytes);
        expect(await store.stat(first.sha256)).toEqual({ size: bytes.length });
      });

      it('accepts content of exactly maxSize bytes', async () => {
        // Prepare
        const bytes = new Uint8Array(randomBytes(1024));

        // Act
        const stored = await store.put(bytes, { maxSize: 1024 });

        // Assess
        expect(stored).toEqual({ sha256: sha256Of(bytes), size: 1024 });
        expect(await store.get(stored.sha256)).toEqual(bytes);
      });

      it('refuses content larger than maxSize with BlobTooLargeError and keeps nothing', async () => {
        // Prepare
        const bytes = new Uint8Array(randomBytes(1025));
        const streamed = new Uint8Array(randomBytes(300_000));

        // Act
        const whole = await rejectionOf(store.put(bytes, { maxSize: 1024 }));
        const inChunks = await rejectionOf(store.put(chunksOf(streamed, [100_000, 100_000, 100_000]), { maxSize: 250_000 }));

        // Assess
        expect(whole).toBeInstanceOf(BlobTooLargeError);
        expect((whole as BlobTooLargeError).limit).toBe(1024);
        expect(inChunks).toBeInstanceOf(BlobTooLargeError);
        for (const refused of [bytes, streamed]) {
          expect(await store.stat(sha256Of(refused))).toBeUndefined();
          expect(await store.get(sha256Of(refused))).toBeUndefined();
        }
      });

      it('keeps nothing when the body stream fails', async () => {
        // Prepare
        const bytes = encode('half of a document');
        async function* failing(): AsyncIterable<Uint8Array> {
          yield bytes;
          throw new Error('connection reset');
        }

        // Act
        const error = await rejectionOf(store.put(failing()));

        // Assess
        expect((error as Error).message).toContain('connection reset');
        expect(await store.stat(sha256Of(bytes))).toBeUndefined();
      });
    });

    describe('get, open, stat and rehash', () => {
      it.each([
        ['an unknown hash', sha256Of(encode('never stored'))],
        ['a path', '../x'],
        ['an absolute path', '/etc/passwd'],
        ['an empty string', ''],
        ['a short hash', 'abcdef'],
        ['a non-hex hash', 'g'.repeat(64)],
      ])('answer undefined for %s', async (_what, sha256) => {
        // Prepare
        await store.put(encode('something else'));

        // Act
        const answers = await Promise.all([store.get(sha256), store.open(sha256), store.stat(sha256), store.rehash(sha256)]);

        // Assess
        expect(answers).toEqual([undefined, undefined, undefined, undefined]);
      });

      it('answers undefined for the upper-case spelling of a stored hash', async () => {
        // Prepare
        const { sha256 } = await store.put(encode('hashes are lower-case hex'));

        // Act
        const answers = await Promise.all([
          store.get(sha256.toUpperCase()),
          store.open(sha256.toUpperCase()),
          store.stat(sha256.toUpperCase()),
          store.rehash(sha256.toUpperCase()),
        ]);

        // Assess
        expect(answers).toEqual([undefined, undefined, undefined, undefined]);
      });

      it('streams the stored bytes with open', async () => {
        // Prepare: large enough to arrive in several chunks
        const bytes = new Uint8Array(randomBytes(3_000_000));
        const { sha256 } = await store.put(bytes);

        // Act
        const stream = await store.open(sha256);

        // Assess
        expect(stream).toBeDefined();
        expect(fingerprint(await collect(stream as AsyncIterable<Uint8Array>))).toEqual(fingerprint(bytes));
      });

      it('rehashes stored bytes to their SHA-256, and notices tampering', async () => {
        // Prepare
        const bytes = encode('signed acknowledgement of debt');
        const { sha256 } = await store.put(bytes);

        // Act
        const untouched = await store.rehash(sha256);

        // Assess
        expect(untouched).toBe(sha256);
        expect(untouched).toBe(sha256Of(bytes));

        // Adapters whose storage cannot be reached behind the port (no `tamper`) stop here.
        if (fixture.tamper) {
          // Act
          await fixture.tamper(sha256, encode('signed acknowledgement of debt, amended'));
          const tampered = await store.rehash(sha256);

          // Assess
          expect(tampered).toBe(sha256Of(encode('signed acknowledgement of debt, amended')));
          expect(tampered).not.toBe(sha256);
        }
      });
    });

    describe('upload sessions', () => {
      it('stages what the client sent and promotes it to its content address', async () => {
        // Prepare
        const uploadId = randomUUID();
        const bytes = new Uint8Array(randomBytes(200_000));
        const target = await store.createUploadTarget(uploadId, uploadOptions(1_000_000));

        // Act
        await fixture.sendToUploadTarget(target, bytes);
        const staged = await store.readStaged(uploadId);
        const promoted = await store.promoteStaged(uploadId, { sha256: sha256Of(bytes), size: bytes.length });

        // Assess
        expect(['PUT', 'POST']).toContain(target.method);
        expect(fingerprint(staged)).toEqual(fingerprint(bytes));
        expect(promoted).toEqual({ sha256: sha256Of(bytes), size: bytes.length });
        expect(fingerprint(await store.get(promoted.sha256))).toEqual(fingerprint(bytes));
        expect(await store.rehash(promoted.sha256)).toBe(promoted.sha256);
        expect(await store.readStaged(uploadId)).toBeUndefined();
      });

      it('keeps concurrent upload sessions apart', async () => {
        // Prepare
        const [first, second] = [randomUUID(), randomUUID()];
        const [firstBytes, secondBytes] = [encode('first upload'), encode('second upload')];
        const [firstTarget, secondTarget] = await Promise.all([
          store.createUploadTarget(first, uploadOptions(1000)),
          store.createUploadTarget(second, uploadOptions(1000)),
        ]);

        // Act
        await Promise.all([
          fixture.sendToUploadTarget(secondTarget, secondBytes),
          fixture.sendToUploadTarget(firstTarget, firstBytes),
        ]);

        // Assess
        expect(await store.readStaged(first)).toEqual(firstBytes);
        expect(await store.readStaged(second)).toEqual(secondBytes);
      });

      it('promotes bytes that are already stored', async () => {
        // Prepare
        const bytes = encode('already in the store');
        const existing = await store.put(bytes);
        const uploadId = randomUUID();
        await fixture.sendToUploadTarget(await store.createUploadTarget(uploadId, uploadOptions(1000)), bytes);

        // Act
        const promoted = await store.promoteStaged(uploadId, existing);

        // Assess
        expect(promoted).toEqual(existing);
        expect(await store.get(existing.sha256)).toEqual(bytes);
      });

      it('refuses to promote bytes with another hash than declared, storing nothing under it', async () => {
        // Prepare
        const uploadId = randomUUID();
        const sent = encode('what the client really sent');
        const declared: StoredBlob = { sha256: sha256Of(encode('what the client declared!!!')), size: sent.length };
        await fixture.sendToUploadTarget(await store.createUploadTarget(uploadId, uploadOptions(1000)), sent);

        // Act
        const error = await rejectionOf(store.promoteStaged(uploadId, declared));

        // Assess
        expect(error).toBeInstanceOf(BlobMismatchError);
        expect((error as BlobMismatchError).expected).toEqual(declared);
        expect((error as BlobMismatchError).actual).toEqual({ sha256: sha256Of(sent), size: sent.length });
        expect(await store.get(declared.sha256)).toBeUndefined();
        expect(await store.stat(declared.sha256)).toBeUndefined();
        expect(await store.readStaged(uploadId)).toEqual(sent);
      });

      it('refuses to promote bytes with another size than declared', async () => {
        // Prepare
        const uploadId = randomUUID();
        const sent = encode('twenty-two bytes long!');
        const declared: StoredBlob = { sha256: sha256Of(sent), size: sent.length + 1 };
        await fixture.sendToUploadTarget(await store.createUploadTarget(uploadId, uploadOptions(1000)), sent);

        // Act
        const error = await rejectionOf(store.promoteStaged(uploadId, declared));

        // Assess
        expect(error).toBeInstanceOf(BlobMismatchError);
        expect(await store.stat(declared.sha256)).toBeUndefined();
        expect(await store.readStaged(uploadId)).toEqual(sent);
      });

      it('refuses to promote an upload that never arrived', async () => {
        // Prepare
        const uploadId = randomUUID();
        await store.createUploadTarget(uploadId, uploadOptions(1000));
        const declared = { sha256: sha256Of(encode('never sent')), size: 10 };

        // Act
        const error = await rejectionOf(store.promoteStaged(uploadId, declared));

        // Assess
        expect(error).toBeInstanceOf(BlobMismatchError);
        expect((error as BlobMismatchError).actual).toBeUndefined();
        expect(await store.stat(declared.sha256)).toBeUndefined();
      });

      it('reads nothing staged for an unknown upload', async () => {
        // Prepare
        const known = randomUUID();
        await fixture.sendToUploadTarget(await store.createUploadTarget(known, uploadOptions(1000)), encode('staged'));

        // Act
        const staged = await store.readStaged(randomUUID());

        // Assess
        expect(staged).toBeUndefined();
      });
    });
  });
}
