import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { PDFDocument } from 'pdf-lib';
import { readConfig } from '../functions/embedded/config';
import { createEmbeddedApp } from '../functions/embedded/embedded-app';
import { callsPerSecond, type Figure } from './measure';

const DOCUMENTS = 200;
const TIMING = { seconds: 3, warmupSeconds: 1 };
// Enough requests in flight to keep the server busy between round trips, few enough not to queue.
const HTTP_WORKERS = 8;

/** `app.request`, or `fetch` for HTTP: a path or URL and its init, to a response. */
type Requester = (url: string, init?: RequestInit) => Response | Promise<Response>;

/**
 * Reads of `GET /v1/debts/{id}` on a debt whose file holds {@link DOCUMENTS} documents, against a
 * bare Hono route answering a JSON body of the same bytes (DESIGN §11: "API reads vs a bare Hono
 * route"). The difference is what the app adds per read: routing through the OpenAPI app, token
 * verification, the route policy, the SQLite read of the debt, validation and the view.
 */
export async function benchApiReads(dataDir: string): Promise<Figure[]> {
  // No PORT: readConfig refuses "0", and the benchmark listens on its own ephemeral ports anyway.
  // No limitation scan: it would run in the middle of the measurement.
  const { app, close } = await createEmbeddedApp(readConfig({ EVIDENCE_DATA_DIR: dataDir, EVIDENCE_LIMITATION_SCAN_HOURS: '0' }));
  try {
    const request: Requester = (url, init) => app.request(url, init);
    const auth = { authorization: `Bearer ${await login(request, 'finance-1')}` };
    const debt = await send(request, '/v1/debts', 201, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ debtor: { name: 'Bench Co' }, principal: '1000.00', dueDate: '2025-01-31', assignees: { collector: 'collector-1', sales: 'sales-1' } }),
    });
    const path = `/v1/debts/${debt.id as string}`;
    for (let i = 1; i <= DOCUMENTS; i++) {
      const form = new FormData();
      form.set('type', 'correspondence');
      form.set('file', new File([await pdfSaying(`doc ${i}`)], `doc-${i}.pdf`, { type: 'application/pdf' }));
      await send(request, `${path}/documents`, 201, { method: 'POST', headers: auth, body: form });
    }
    const listed = await send(request, `${path}/documents?limit=500`, 200, { headers: auth });
    const body = await send(request, path, 200, { headers: auth });
    console.log(`debt ${debt.id as string}: ${(listed.items as unknown[]).length} documents; GET body ${JSON.stringify(body).length} bytes (the bare route answers the same object)`);

    // The baseline answers the very object the real route returned, so both bodies are the same size.
    const bare = new Hono().get('/x', (c) => c.json(body));

    // In process there is no network round trip to overlap, so one loop at a time is enough.
    const inProcess = (requester: Requester, url: string) => callsPerSecond(() => read(requester, url, auth), { ...TIMING, workers: 1 });
    const figures: Figure[] = [
      {
        name: 'GET /v1/debts/{id}, app.request',
        value: await inProcess(request, path),
        unit: 'req/s',
        baseline: { name: 'bare Hono', value: await inProcess((url, init) => bare.request(url, init), '/x') },
      },
    ];

    const [realServer, bareServer] = await Promise.all([listen(app.fetch), listen(bare.fetch)]);
    try {
      const overHttp = (url: string) => callsPerSecond(() => read(fetch, url, auth), { ...TIMING, workers: HTTP_WORKERS });
      figures.push({
        name: `GET /v1/debts/{id}, HTTP x${HTTP_WORKERS}`,
        value: await overHttp(`${realServer.url}${path}`),
        unit: 'req/s',
        baseline: { name: 'bare Hono', value: await overHttp(`${bareServer.url}/x`) },
      });
    } finally {
      await Promise.all([realServer.close(), bareServer.close()]);
    }
    return figures;
  } finally {
    await close();
  }
}

/** One read, body consumed: producing the body is part of serving it. */
async function read(requester: Requester, url: string, headers: Record<string, string>): Promise<void> {
  const response = await requester(url, { headers });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}

/** A request during set-up; anything but `status` stops the benchmark with the problem body. */
async function send(request: Requester, path: string, status: number, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await request(path, init);
  const text = await response.text();
  if (response.status !== status) throw new Error(`${init.method ?? 'GET'} ${path}: expected ${status}, got ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function login(request: Requester, userId: string): Promise<string> {
  const session = await send(request, '/v1/auth/dev-login', 200, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  return session.token as string;
}

/** A small one-page PDF; distinct text makes every document a distinct blob. */
async function pdfSaying(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = await PDFDocument.create();
  pdf.addPage([200, 100]).drawText(text, { x: 20, y: 50, size: 12 });
  return new Uint8Array(await pdf.save());
}

/** Serves `fetch` on 127.0.0.1, on a port the system picks. */
function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<{ url: string; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((done) => server.close(() => done())) }),
    );
  });
}
