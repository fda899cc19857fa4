import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FolderBlobStore } from '../functions/adapters/folder-blobs/folder-blob-store';
import { LocalSealer } from '../functions/adapters/local-seal/local-sealer';
import { SqliteTable } from '../functions/adapters/sqlite/sqlite-table';
import { createDebtSchema } from '../functions/core/schemas';
import { systemClock } from '../functions/ports/clock';
import { DebtService } from '../functions/services/debts';
import { DocumentService } from '../functions/services/documents';
import { PacketBuilder, PacketService } from '../functions/services/packets';
import { seedUsers } from '../functions/services/users';

/**
 * Run by bench/packet.ts in a process of its own, so that its peak memory (maxRSS) is the
 * packet build's alone. `idle`: loads the same modules and does nothing (the baseline).
 * `build <exhibits folder> <work folder>`: files every PDF of the folder as a contract of one debt
 * (SQLite table, folder blob store, local seal), then times one full packet build: readiness,
 * the stamped and sealed PDF, the ZIP streamed into the store. Prints JSON.
 */
const [mode, exhibitsDir, workDir] = process.argv.slice(2);
let buildMs = 0;
if (mode === 'build' && exhibitsDir && workDir) {
  const table = SqliteTable.open(join(workDir, 'evidence.sqlite'));
  const blobs = new FolderBlobStore({ root: join(workDir, 'blobs'), uploadSecret: new Uint8Array(32), publicBaseUrl: 'http://bench.invalid' });
  await seedUsers(table);
  const sealer = await LocalSealer.openOrCreate(join(workDir, 'seal'));
  const debts = new DebtService(table, systemClock);
  const debt = await debts.create({ id: 'finance-1', role: 'finance' }, createDebtSchema.parse({ debtor: { name: '福州某某建设工程有限公司', uscc: '91350100M000100Y43' }, contractNo: 'HT-BENCH-001', principal: '1000000.00', dueDate: '2025-06-30', assignees: {} }));
  const documents = new DocumentService(table, blobs, systemClock, { maxInlineBytes: 1e9, maxSessionBytes: 1e9, uploadUrlSeconds: 60 });
  for (const file of (await readdir(exhibitsDir)).sort()) {
    const full = await debts.find(debt.id);
    await documents.add({ id: 'sales-1', name: 'sales', roles: ['sales'] }, full as NonNullable<typeof full>, { type: 'contract' }, { bytes: new Uint8Array(await readFile(join(exhibitsDir, file))), filename: file });
  }
  const packets = new PacketService(table, blobs, systemClock, { enqueue: () => undefined });
  const packet = packets.newPacket(debt.id, { id: 'legal-1', role: 'legal' });
  await table.transact([packets.packetWrite(packet)]);
  const builder = new PacketBuilder({ table, blobs, clock: systemClock, sealer, trustedRoots: [sealer.rootCertificate] });
  const start = performance.now();
  const built = await builder.build({ debtId: debt.id, packetId: packet.id });
  buildMs = performance.now() - start;
  if (built?.status !== 'ready') throw new Error(`the packet did not build: ${built?.error}`);
  table.close();
}
console.log(JSON.stringify({ buildMs, maxRssKb: process.resourceUsage().maxRSS }));
