import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { evidenceTableDefinition } from '../adapters/dynamodb/table-definition';
import { freePort, LOCAL_CREDENTIALS, LOCAL_REGION, waitUntil } from './local-services';
import { requireTool } from './system-tools';

/** A running DynamoDB Local, one per test file. */
export interface DynamoDbLocal {
  endpoint: string;
  client: DynamoDBClient;
  /** Creates an empty evidence table (the §3 layout) under a fresh name. */
  createTable(): Promise<string>;
  deleteTable(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts DynamoDB Local (the jar shipped inside the npm package `amplify-dynamodb-simulator`) in
 * memory on a free port and waits until it answers. Java comes from Debian `default-jre-headless`
 * (`.ci/run` installs it). Call in `beforeAll`, `stop()` in `afterAll`: start-up takes seconds.
 *
 * @example
 * const ddb = await startDynamoDbLocal();
 * const table = new DynamoDbTable(ddb.client, await ddb.createTable());
 * await ddb.stop();
 */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  requireTool('java', 'default-jre-headless');
  const emulator = join(dirname(createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
  const port = await freePort();
  const child = spawn(
    'java',
    [`-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`, '-jar', join(emulator, 'DynamoDBLocal.jar'), '-inMemory', '-disableTelemetry', '-port', String(port)],
    { cwd: emulator, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 2 });
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with ${child.exitCode}: ${stderr}`);
        await client.send(new ListTablesCommand({}));
      },
      { timeoutMs: 60_000, what: 'DynamoDB Local' },
    );
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  let tables = 0;
  return {
    endpoint,
    client,
    async createTable() {
      const name = `evidence-${process.pid}-${++tables}`;
      await client.send(new CreateTableCommand(evidenceTableDefinition(name)));
      return name;
    },
    async deleteTable(name) {
      await client.send(new DeleteTableCommand({ TableName: name }));
    },
    async stop() {
      client.destroy();
      await stopProcess(child);
    },
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
