import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../testing/harness';
import { ACCOUNTS_CHAIN, chainKeys } from '../services/table-layout';

/**
 * Accounts of a normal (non-demo) start: first admin, sign-in, lock-out, TOTP, expiry,
 * revocation, CSRF and the accounts audit chain, through the HTTP API.
 */
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ EVIDENCE_DEMO: '0' });
});
afterEach(async () => h.dispose());

const ADMIN = { login: 'li.admin', name: 'Li Admin 李管理', password: 'admin-password-1' };
const ORIGIN = 'http://localhost';

/** A request as a browser or API client would send it; `address` is the peer the server sees. */
function send(method: string, path: string, init: { json?: unknown; token?: string; cookie?: string; origin?: string; address?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.cookie) headers.cookie = init.cookie;
  if (init.origin) headers.origin = init.origin;
  return h.app.request(path, { method, headers, body: init.json === undefined ? null : JSON.stringify(init.json) }, { incoming: { socket: { remoteAddress: init.address ?? '192.0.2.10' } } });
}

const setupToken = () => (h.firstAdminLink as string).split('#')[1] as string;
const code = (secret: string, at: Date) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at.getTime() });

/** Creates the first admin with TOTP enrolled and returns a bearer token and the TOTP secret. */
async function firstAdmin(): Promise<{ token: string; secret: string }> {
  const setup = await send('POST', '/v1/auth/setup', { json: { token: setupToken(), ...ADMIN, bearer: true } });
  const { token } = await setup.json();
  const { secret } = await (await send('POST', '/v1/me/totp', { token })).json();
  const confirmed = await send('POST', '/v1/me/totp/confirm', { token, json: { code: code(secret, h.clock.now()) } });
  expect(confirmed.status).toBe(200);
  return { token, secret };
}

async function addUser(adminToken: string, login: string, roles: string[], password = 'first-password-1') {
  const response = await send('POST', '/v1/users', { token: adminToken, json: { login, name: `${login} name`, roles, password } });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string };
}

const login = (login: string, password: string, extra: Record<string, unknown> = {}, address?: string) =>
  send('POST', '/v1/auth/login', { json: { login, password, bearer: true, ...extra }, ...(address ? { address } : {}) });

describe('a fresh start without demo mode', () => {
  it('has no demo users and no dev login, and asks for the first admin', async () => {
    // Act
    const devLogin = await send('POST', '/v1/auth/dev-login', { json: { userId: 'admin-1' } });
    const devUsers = await send('GET', '/v1/auth/dev-users');
    const options = await (await send('GET', '/v1/auth/options')).json();
    const demoAdmin = await login('admin-1', 'anything-at-all');
    // Assess
    expect(devLogin.status).toBe(404);
    expect(devUsers.status).toBe(404);
    expect(options).toEqual({ demo: false, setupNeeded: true, sso: false });
    expect(demoAdmin.status).toBe(401);
    expect(h.firstAdminLink).toMatch(/^http:\/\/evidence\.test\/setup#[A-Za-z0-9_-]{32}$/);
  });

  it('creates the first admin once with the setup token, signed in by an HttpOnly SameSite cookie', async () => {
    // Act
    const wrong = await send('POST', '/v1/auth/setup', { json: { token: 'not-the-token', ...ADMIN } });
    const setup = await send('POST', '/v1/auth/setup', { json: { token: setupToken(), ...ADMIN } });
    const again = await send('POST', '/v1/auth/setup', { json: { token: setupToken(), ...ADMIN, login: 'second.admin' } });
    // Assess
    expect(wrong.status).toBe(404);
    expect(setup.status).toBe(200);
    const cookie = setup.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^evidence_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect((await setup.json()).token).toBeUndefined();
    expect(again.status).toBe(404);
    expect((await (await send('GET', '/v1/auth/options')).json()).setupNeeded).toBe(false);
    // The token is kept only as its SHA-256; once used it is gone.
    expect(await h.table.get({ pk: 'SYSTEM#setup', sk: 'SETUP' })).toBeUndefined();
  });

  it('lets an admin without TOTP do nothing but enrol it', async () => {
    // Prepare
    const { token } = await (await send('POST', '/v1/auth/setup', { json: { token: setupToken(), ...ADMIN, bearer: true } })).json();
    // Act
    const before = await send('GET', '/v1/users', { token });
    const me = await (await send('GET', '/v1/me', { token })).json();
    const { secret, uri } = await (await send('POST', '/v1/me/totp', { token })).json();
    const wrongCode = await send('POST', '/v1/me/totp/confirm', { token, json: { code: code(secret, new Date(h.clock.now().getTime() - 3600_000)) } });
    const confirmed = await send('POST', '/v1/me/totp/confirm', { token, json: { code: code(secret, h.clock.now()) } });
    const after = await send('GET', '/v1/users', { token });
    // Assess
    expect(before.status).toBe(403);
    expect((await before.json()).type).toBe('urn:evidence-file:problem:account-setup-required');
    expect(me.pendingSteps).toEqual(['enrol-totp']);
    expect(uri).toBe(`otpauth://totp/Evidence%20file:li.admin?issuer=Evidence%20file&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
    expect(wrongCode.status).toBe(422);
    expect(confirmed.status).toBe(200);
    expect(after.status).toBe(200);
  });
});

describe('password sign-in', () => {
  it('asks the admin for the TOTP code, accepts each code once, and a collector must change the first password', async () => {
    // Prepare
    const { token: adminToken, secret } = await firstAdmin();
    await addUser(adminToken, 'wang.collector', ['collector']);
    h.clock.set('2026-11-29T02:05:00.000Z');
    // Act
    const withoutCode = await login(ADMIN.login, ADMIN.password);
    const current = code(secret, h.clock.now());
    const withCode = await login(ADMIN.login, ADMIN.password, { totp: current });
    const replayed = await login(ADMIN.login, ADMIN.password, { totp: current });
    const collector = await (await login('wang.collector', 'first-password-1')).json();
    const debtsBefore = await send('GET', '/v1/debts', { token: collector.token });
    const changed = await send('POST', '/v1/me/password', { token: collector.token, json: { currentPassword: 'first-password-1', newPassword: 'my-own-password-2' } });
    const debtsAfter = await send('GET', '/v1/debts', { token: collector.token });
    const oldPassword = await login('wang.collector', 'first-password-1');
    const newPassword = await login('wang.collector', 'my-own-password-2');
    // Assess
    expect(withoutCode.status).toBe(401);
    expect((await withoutCode.json()).type).toBe('urn:evidence-file:problem:totp-required');
    expect(withCode.status).toBe(200);
    expect(replayed.status).toBe(401);
    expect(collector.user.pendingSteps).toEqual(['change-password']);
    expect(debtsBefore.status).toBe(403);
    expect(changed.status).toBe(200);
    expect(debtsAfter.status).toBe(200);
    expect(oldPassword.status).toBe(401);
    expect(newPassword.status).toBe(200);
  });

  it('locks a login out after 5 failures for 15 minutes, even with the right password', async () => {
    // Prepare
    const { token: adminToken } = await firstAdmin();
    await addUser(adminToken, 'zhao.sales', ['sales']);
    // Act
    const failures = [];
    for (let i = 0; i < 5; i++) failures.push((await login('zhao.sales', `wrong-password-${i}`)).status);
    const locked = await login('zhao.sales', 'first-password-1');
    h.clock.set('2026-11-29T02:14:59.000Z');
    const stillLocked = await login('zhao.sales', 'first-password-1');
    h.clock.set('2026-11-29T02:15:00.000Z');
    const unlocked = await login('zhao.sales', 'first-password-1');
    // Assess
    expect(failures).toEqual([401, 401, 401, 401, 401]);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect(stillLocked.status).toBe(429);
    expect(stillLocked.headers.get('retry-after')).toBe('1');
    expect(unlocked.status).toBe(200);
  });

  it('locks out an address after 20 failures across logins; other addresses still sign in', async () => {
    // Prepare
    const { token: adminToken } = await firstAdmin();
    await addUser(adminToken, 'sun.legal', ['legal']);
    // Act: 20 guesses, 4 each at 5 logins (none of them reaches its own limit of 5).
    for (let i = 0; i < 20; i++) expect((await login(`guess${i % 5}`, 'wrong-password', {}, '198.51.100.7')).status).toBe(401);
    const fromAttacker = await login('sun.legal', 'first-password-1', {}, '198.51.100.7');
    const fromOffice = await login('sun.legal', 'first-password-1', {}, '192.0.2.44');
    // Assess
    expect(fromAttacker.status).toBe(429);
    expect(fromOffice.status).toBe(200);
  });
});

describe('sessions', () => {
  it('expire after 12 hours', async () => {
    // Prepare
    const { token: adminToken } = await firstAdmin();
    // Act
    h.clock.set('2026-11-29T13:59:59.000Z');
    const before = await send('GET', '/v1/users', { token: adminToken });
    h.clock.set('2026-11-29T14:00:00.000Z');
    const after = await send('GET', '/v1/users', { token: adminToken });
    // Assess
    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
  });

  it('end at once when the admin disables the user, on sign-out, and on a password reset', async () => {
    // Prepare
    const { token: adminToken } = await firstAdmin();
    const collector = await addUser(adminToken, 'qian.collector', ['collector']);
    const session = (await (await login('qian.collector', 'first-password-1')).json()).token;
    const other = (await (await login('qian.collector', 'first-password-1')).json()).token;
    // Act: sign-out ends that one session only.
    const signedOut = await send('POST', '/v1/auth/logout', { token: session });
    const afterSignOut = await send('GET', '/v1/me', { token: session });
    const otherStill = await send('GET', '/v1/me', { token: other });
    // Act: a reset ends every session and asks for a new password.
    await send('POST', `/v1/users/${collector.id}/password-reset`, { token: adminToken, json: { password: 'reset-password-3' } });
    const afterReset = await send('GET', '/v1/me', { token: other });
    const resetLogin = await (await login('qian.collector', 'reset-password-3')).json();
    // Act: disabling ends the new session and refuses sign-in.
    const disabled = await send('PATCH', `/v1/users/${collector.id}`, { token: adminToken, json: { status: 'disabled' } });
    const afterDisable = await send('GET', '/v1/me', { token: resetLogin.token });
    const loginWhileDisabled = await login('qian.collector', 'reset-password-3');
    // Assess
    expect(signedOut.status).toBe(204);
    expect(afterSignOut.status).toBe(401);
    expect(otherStill.status).toBe(200);
    expect(afterReset.status).toBe(401);
    expect(resetLogin.user.pendingSteps).toEqual(['change-password']);
    expect(disabled.status).toBe(200);
    expect(afterDisable.status).toBe(401);
    expect(loginWhileDisabled.status).toBe(401);
  });

  it('keeps only the SHA-256 of a session token in the table', async () => {
    // Prepare
    const { token } = await firstAdmin();
    // Act
    const page = await h.table.query(`SESSION#${(await import('../core/audit-chain')).sha256Hex(token)}`, { limit: 10 });
    const raw = await h.table.query(`SESSION#${token}`, { limit: 10 });
    // Assess
    expect(page.items).toHaveLength(1);
    expect(JSON.stringify(page.items)).not.toContain(token);
    expect(raw.items).toHaveLength(0);
  });
});

describe('cross-site request forgery', () => {
  it('refuses a state change by cookie without this origin, and accepts it from the app itself', async () => {
    // Prepare: the browser holds the cookie of a signed-in collector.
    const { token: adminToken } = await firstAdmin();
    await addUser(adminToken, 'zhou.collector', ['collector']);
    const signIn = await send('POST', '/v1/auth/login', { json: { login: 'zhou.collector', password: 'first-password-1' }, origin: ORIGIN });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const change = { currentPassword: 'first-password-1', newPassword: 'changed-password-4' };
    // Act
    const noOrigin = await send('POST', '/v1/me/password', { cookie, json: change });
    const foreign = await send('POST', '/v1/me/password', { cookie, json: change, origin: 'https://evil.example' });
    const foreignLogin = await send('POST', '/v1/auth/login', { json: { login: 'zhou.collector', password: 'first-password-1' }, origin: 'https://evil.example' });
    const readByCookie = await send('GET', '/v1/me', { cookie });
    const sameOrigin = await send('POST', '/v1/me/password', { cookie, json: change, origin: ORIGIN });
    // Assess
    expect(signIn.status).toBe(200);
    expect(noOrigin.status).toBe(403);
    expect((await noOrigin.json()).type).toBe('urn:evidence-file:problem:cross-site-request');
    expect(foreign.status).toBe(403);
    expect(foreignLogin.status).toBe(403);
    expect(readByCookie.status).toBe(200);
    expect(sameOrigin.status).toBe(200);
  });
});

describe('the accounts audit chain', () => {
  it('records sign-ins, failures, role changes and disables, verifies, and shows tampering', async () => {
    // Prepare
    const { token: adminToken } = await firstAdmin();
    const auditor = await addUser(adminToken, 'wu.auditor', ['auditor']);
    const user = await addUser(adminToken, 'zheng.finance', ['finance']);
    await login('zheng.finance', 'wrong-password');
    await send('PATCH', `/v1/users/${user.id}`, { token: adminToken, json: { roles: ['finance', 'legal'] } });
    await send('PATCH', `/v1/users/${user.id}`, { token: adminToken, json: { status: 'disabled' } });
    const auditorToken = (await (await login('wu.auditor', 'first-password-1')).json()).token;
    await send('POST', '/v1/me/password', { token: auditorToken, json: { currentPassword: 'first-password-1', newPassword: 'auditor-password-5' } });
    // Act
    const events = await (await send('GET', '/v1/audit/accounts?limit=100', { token: auditorToken })).json();
    const verified = await (await send('GET', '/v1/audit/accounts/verify', { token: auditorToken })).json();
    const byDisabledUser = await send('GET', '/v1/audit/accounts', { token: (await (await login('zheng.finance', 'first-password-1')).json()).token });
    const third = await h.table.get(chainKeys.event(ACCOUNTS_CHAIN, 3));
    await h.table.transact([{ put: { ...(third as Record<string, unknown>), details: { forged: true } } as never }]);
    const tampered = await (await send('GET', '/v1/audit/accounts/verify', { token: auditorToken })).json();
    // Assess
    const actions = events.items.map((event: { action: string }) => event.action);
    expect(actions).toEqual([
      'account.first-admin-created',
      'account.totp-enrolled',
      'account.created',
      'account.created',
      'account.sign-in-failed',
      'account.roles-changed',
      'account.disabled',
      'account.signed-in',
      'account.password-changed',
    ]);
    expect(events.items[5].details).toEqual({ before: { name: 'zheng.finance name', roles: ['finance'], status: 'active' }, after: { name: 'zheng.finance name', roles: ['finance', 'legal'], status: 'active' } });
    expect(events.items[4].details).toMatchObject({ login: 'zheng.finance', reason: 'wrong-password', address: '192.0.2.10' });
    expect(verified).toMatchObject({ valid: true, length: 9 });
    expect(byDisabledUser.status).toBe(401);
    expect(tampered).toMatchObject({ valid: false, firstInvalidSeq: 3 });
    expect(auditor.id).toBeTruthy();
  });
});
