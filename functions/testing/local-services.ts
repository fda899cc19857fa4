import { createServer } from 'node:net';

/** Fake credentials and region for the local emulators: s3rver's built-in account; DynamoDB Local takes any. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const LOCAL_REGION = 'us-east-1';

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now.
 *
 * @example
 * const port = await freePort();
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Calls `probe` until it resolves, or fails with its last error after `timeoutMs`.
 *
 * @example
 * await waitUntil(() => client.send(new ListTablesCommand({})), { timeoutMs: 30_000, what: 'DynamoDB Local' });
 */
export async function waitUntil(probe: () => Promise<unknown>, options: { timeoutMs: number; what: string }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (error) {
      last = error;
      if (error instanceof Error && /exited with/.test(error.message)) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${options.what} did not start within ${options.timeoutMs} ms: ${String(last)}`);
}
