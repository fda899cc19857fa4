import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FolderBlobStore } from '../adapters/folder-blobs/folder-blob-store';
import { LocalJwt } from '../adapters/local-auth/local-jwt';
import { TableOutbox } from '../adapters/outbox/table-outbox';
import { SqliteTable } from '../adapters/sqlite/sqlite-table';
import { VERSION } from '../core/version';
import { createApp } from '../http/app';
import { type Clock, systemClock } from '../ports/clock';
import { findUser, seedUsers } from '../services/users';
import type { EmbeddedConfig } from './config';

export { VERSION } from '../core/version';

/**
 * Wires the embedded service on a data folder: SQLite table, folder blob store, local JWTs, demo
 * users. Creates what is missing on first start; a later start reuses it all.
 *
 * @example
 * const { app, close } = await createEmbeddedApp(readConfig());
 */
export async function createEmbeddedApp(config: EmbeddedConfig, clock: Clock = systemClock) {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const table = SqliteTable.open(join(config.dataDir, 'evidence.sqlite'));
  const jwt = new LocalJwt(await secret(config.dataDir, 'auth.key'));
  const blobs = new FolderBlobStore({ root: join(config.dataDir, 'blobs'), uploadSecret: await secret(config.dataDir, 'upload.key'), publicBaseUrl: config.publicBaseUrl, now: () => clock.now() });
  await seedUsers(table);
  const outbox = new TableOutbox(table, clock);
  const app = createApp({
    mode: 'embedded',
    version: VERSION,
    table,
    blobs,
    clock,
    tokens: jwt,
    limits: config,
    uploadReceiver: blobs,
    notifier: outbox,
    outbox,
    devLogin: async (userId) => {
      const user = await findUser(table, userId);
      return user && { token: await jwt.issue(user), user };
    },
  });
  return { app, table, blobs, close: () => table.close() };
}

/** A 32-byte secret kept in the data folder (created once, readable by the owner only). */
async function secret(dataDir: string, name: string): Promise<Uint8Array> {
  const path = join(dataDir, name);
  try {
    return new Uint8Array(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const value = randomBytes(32);
  // 'wx': if two processes race, one wins and the other reads the winner's key.
  await writeFile(path, value.toString('base64'), { mode: 0o600, flag: 'wx' }).catch(() => undefined);
  return new Uint8Array(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64'));
}
