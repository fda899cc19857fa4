import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import S3rver from 's3rver';
import { freePort, LOCAL_CREDENTIALS, LOCAL_REGION } from './local-services';

/** A running S3 emulator (s3rver), one per test file. */
export interface S3Emulator {
  endpoint: string;
  /** A client set up the way emulators need: path-style URLs, checksums only when required. */
  client: S3Client;
  /** Creates a bucket with a fresh name. */
  createBucket(prefix: string): Promise<string>;
  /** S3 event notifications the emulator raised (ObjectCreated:Put, :Post, :Copy…), oldest first. */
  events: S3Event['Records'];
  stop(): Promise<void>;
}

/**
 * Starts s3rver in this process on a free port of 127.0.0.1, storing into a temporary folder
 * that `stop()` removes. s3rver has no Object Lock, legal holds or POST policy checks; see the
 * S3 adapter's tests for what is verified where.
 *
 * @example
 * const s3 = await startS3Emulator();
 * const bucket = await s3.createBucket('evidence');
 * await s3.stop();
 */
export async function startS3Emulator(): Promise<S3Emulator> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const port = await freePort();
  const server = new S3rver({ address: '127.0.0.1', port, silent: true, directory, vhostBuckets: false });
  const events: S3Event['Records'] = [];
  server.on('event', (event: S3Event) => events.push(...event.Records));
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = s3ClientFor(endpoint);
  let buckets = 0;
  return {
    endpoint,
    client,
    events,
    async createBucket(prefix) {
      const name = `${prefix}-${process.pid}-${++buckets}`;
      await client.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    async stop() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** An S3 client for an emulator at `endpoint`. */
export function s3ClientFor(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * What a browser does with a presigned POST: a multipart form, the policy fields first, the file
 * last.
 *
 * @example
 * await postToUploadTarget(await store.createUploadTarget(uploadId, options), bytes);
 */
export async function postToUploadTarget(target: { url: string; fields?: Record<string, string> }, bytes: Uint8Array): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(target.fields ?? {})) form.set(name, value);
  form.set('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: target.fields?.['Content-Type'] ?? 'application/octet-stream' }));
  return fetch(target.url, { method: 'POST', body: form });
}
