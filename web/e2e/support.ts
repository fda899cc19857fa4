import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { requireTool } from '../../functions/testing/system-tools';

/** Where screenshots are kept as test artifacts (git-ignored). */
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'web');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The real embedded service (`functions/embedded/main.ts`, serving the built web/dist) on a free
 * port with a fresh data folder, and Debian's Chromium driven by playwright-core. `demo: true`
 * starts it as `npm run demo` does (demo users, dev login); otherwise as `npm start`.
 */
export async function startE2e(options: { demo: boolean }) {
  requireTool('chromium', 'chromium');
  const dataDir = await mkdtemp(join(tmpdir(), 'evidence-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'functions/embedded/main.ts', ...(options.demo ? ['--demo'] : [])], {
    env: { ...process.env, PORT: String(port), EVIDENCE_DATA_DIR: dataDir, EVIDENCE_PUBLIC_URL: baseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  server.stdout?.on('data', (chunk) => (output += chunk));
  server.stderr?.on('data', (chunk) => (output += chunk));
  for (let attempt = 0; ; attempt++) {
    if (await fetch(`${baseUrl}/health`).then((r) => r.ok, () => false)) break;
    if (attempt > 450 || server.exitCode !== null) throw new Error(`the service did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  await mkdir(ARTIFACTS, { recursive: true });

  /** Signs in through the API (for setting up data, not for the journey under test). */
  async function tokenOf(userId: string): Promise<string> {
    const response = await fetch(`${baseUrl}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
    return ((await response.json()) as { token: string }).token;
  }

  /** A JSON API call as a demo user. */
  async function call<T = Record<string, any>>(userId: string, method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${await tokenOf(userId)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<T>;
  }

  /** A fresh browser page that records console errors and failed requests of the app. */
  async function page(options: { viewport?: { width: number; height: number }; locale?: string } = {}) {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, locale: options.locale ?? 'zh-CN' });
    // The suite shares two cores with the other test files: be patient rather than flaky.
    context.setDefaultTimeout(60_000);
    const tab = await context.newPage();
    const consoleErrors: string[] = [];
    tab.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    tab.on('pageerror', (error) => consoleErrors.push(String(error)));
    return { page: tab, consoleErrors, close: () => context.close() };
  }

  return {
    baseUrl,
    /** What the service printed so far (the first-admin link of a fresh start). */
    output: () => output,
    call,
    token: tokenOf,
    page,
    async signIn(tab: Page, userId: string) {
      await tab.goto(baseUrl);
      await tab.locator(`button[data-user="${userId}"]`).click();
      await tab.getByTestId('signed-in-user').waitFor();
    },
    /** axe-core's serious and critical findings on the page as it is now (WCAG 2 A/AA rules). */
    async accessibilityProblems(tab: Page): Promise<string[]> {
      // Evaluated through the DevTools protocol: a <script> tag would be refused by the app's own
      // Content-Security-Policy (no inline script), which the journeys keep on to prove it breaks nothing.
      await tab.evaluate(await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
      const violations = await tab.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
      });
      return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.targets.join(', ')}`);
    },
    async screenshot(tab: Page, name: string) {
      await tab.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async stop() {
      await browser.close();
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
