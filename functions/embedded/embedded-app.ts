import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FolderBlobStore } from '../adapters/folder-blobs/folder-blob-store';
import { InProcessQueue } from '../adapters/in-process-jobs/in-process-queue';
import { LocalExtractor } from '../adapters/local-extractor/local-extractor';
import { fromPem } from '../pki/certificates';
import { LocalSealer } from '../adapters/local-seal/local-sealer';
import { TableOutbox } from '../adapters/outbox/table-outbox';
import { SqliteTable } from '../adapters/sqlite/sqlite-table';
import { HttpTimestamper } from '../adapters/tsa/http-timestamper';
import { VERSION } from '../core/version';
import { createApp } from '../http/app';
import { type Clock, systemClock } from '../ports/clock';
import { openExtractions } from '../services/extraction';
import { InProcessExtractionQueue } from '../adapters/in-process-jobs/in-process-extraction-queue';
import { seedUsers } from '../services/users';
import { AccountService } from '../services/accounts';
import { PacketBuilder, PacketService } from '../services/packets';
import type { PacketJob } from '../ports/packet-jobs';
import { startLimitationWatch } from './limitation-watch';
import { startCheckpoints } from './checkpoints';
import type { EmbeddedConfig } from './config';

export { VERSION } from '../core/version';

/**
 * Wires the embedded service on a data folder: SQLite table, folder blob store, accounts and
 * sessions (demo users only in demo mode). Creates what is missing on first start; a later start reuses it all.
 *
 * @example
 * const { app, close } = await createEmbeddedApp(readConfig());
 */
export async function createEmbeddedApp(config: EmbeddedConfig, clock: Clock = systemClock) {
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const table = SqliteTable.open(join(config.dataDir, 'evidence.sqlite'));
  const blobs = new FolderBlobStore({ root: join(config.dataDir, 'blobs'), uploadSecret: await secret(config.dataDir, 'upload.key'), publicBaseUrl: config.publicBaseUrl, now: () => clock.now() });
  if (config.demo) await seedUsers(table, undefined, clock.now());
  const accounts = new AccountService(table, clock, { sessionSeconds: config.sessionHours * 3600, demo: config.demo });
  // A fresh data folder has no account: a one-time token lets the first admin in (printed by main.ts).
  const firstAdminToken = await accounts.prepareFirstAdmin();  const outbox = new TableOutbox(table, clock);
  const extractor = config.extraction === 'local' ? new LocalExtractor({ ocrWorkers: config.extractionConcurrency }) : undefined;
  const extractionQueue = extractor ? new InProcessExtractionQueue(config.extractionConcurrency) : undefined;
  // The seal key and its local root CA, made on first start (README "Configuration").
  const sealer = await LocalSealer.openOrCreate(join(config.dataDir, 'seal'), { now: clock.now() });
  const timestamper = config.timestampUrl ? new HttpTimestamper(config.timestampUrl) : undefined;
  const trustedRoots = [sealer.rootCertificate, ...(config.trustedRootsFile ? fromPem(await readFile(config.trustedRootsFile, 'utf8')) : [])];
  // Packets are built in this process, one at a time (they are large); see README "Decisions".
  const builder = new PacketBuilder({ table, blobs, clock, sealer, trustedRoots, ...(timestamper ? { timestamper } : {}) });
  const packetJobs = new InProcessQueue((job: PacketJob) => builder.build(job), { concurrency: 1, key: (job) => job.packetId });
  const app = createApp({
    mode: 'embedded',
    version: VERSION,
    table,
    blobs,
    clock,
    tokens: accounts,
    accounts,
    demo: config.demo,
    cookie: { secure: config.publicBaseUrl.startsWith('https:') },
    limits: config,
    uploadReceiver: blobs,
    notifier: outbox,
    outbox,
    ...(extractor && extractionQueue ? { extractor, extractionQueue } : {}),
    sealer,
    ...(timestamper ? { timestamper } : {}),
    trustedRoots,
    packetJobs,
    publicBaseUrl: config.publicBaseUrl,
  });
  // The queue keeps nothing across restarts: what was left pending or running is queued again.
  if (extractionQueue) for await (const job of openExtractions(table)) extractionQueue.enqueue(job);
  const watch = config.limitationScanHours > 0 ? startLimitationWatch({ table, notifier: outbox, clock }, config.limitationScanHours) : undefined;
  // Packets left building by the last run (stopped mid-build) are built again.
  for await (const job of new PacketService(table, blobs, clock, packetJobs).building()) packetJobs.enqueue(job);
  const checkpoints = config.checkpointHours > 0 ? startCheckpoints({ table, blobs, clock, sealer }, config.checkpointHours) : undefined;
  return {
    app,
    table,
    accounts,
    /** The link that creates the first admin, while the data folder has no account (valid once). */
    firstAdminLink: firstAdminToken ? `${config.publicBaseUrl}/setup#${firstAdminToken}` : undefined,
    blobs,
    extractionQueue,
    /** Resolves once no packet is waiting or being built. */
    packetsIdle: () => packetJobs.idle(),
    /** Stops the scans, lets running extractions and packet builds finish (queued ones stay pending for the next start), then closes. */
    close: async () => {
      watch?.stop();
      checkpoints?.stop();
      await Promise.all([extractionQueue?.close(), packetJobs.stop()]);
      await extractor?.close();
      table.close();
    },
  };
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
