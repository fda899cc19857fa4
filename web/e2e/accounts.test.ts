import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e } from './support';

/**
 * Accounts on a fresh `npm start` (no demo mode), in Chromium: the first admin comes in by the
 * one-time link the service printed, enrols TOTP, signs in again with it, adds a collector; the
 * collector signs in with a password, and is refused once the admin disables them.
 */
let e2e: Awaited<ReturnType<typeof startE2e>>;
beforeAll(async () => {
  e2e = await startE2e({ demo: false });
}, 120_000);
afterAll(async () => e2e?.stop());

/** What an authenticator app shows for `secret` at `at` (the phone in this journey). */
const authenticator = (secret: string, at: number) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });

describe('accounts journey', { timeout: 180_000 }, () => {
  it('first admin by the printed link, TOTP, a collector with a password, refused once disabled', async () => {
    // Prepare: a normal start has no demo users and no dev login.
    const devLogin = await fetch(`${e2e.baseUrl}/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"admin-1"}' });
    expect(devLogin.status).toBe(404);
    const link = /(http:\/\/\S+\/setup#[A-Za-z0-9_-]+)/.exec(e2e.output())?.[1] as string;
    expect(link).toBeTruthy();
    const admin = await e2e.page();
    const collector = await e2e.page();

    // Act: the first admin, then TOTP (required for admins before anything else).
    await admin.page.goto(link);
    const setup = admin.page.getByRole('form', { name: '创建首个管理员' });
    await setup.locator('input[name=name]').fill('李管理');
    await setup.locator('input[name=login]').fill('li.admin');
    await setup.locator('input[name=password]').fill('admin-password-1');
    await setup.getByRole('button', { name: '创建' }).click();
    await admin.page.getByText('管理员须启用两步验证').waitFor();
    await admin.page.getByRole('button', { name: '绑定身份验证器应用' }).click();
    const secret = (await admin.page.getByTestId('totp-secret').textContent()) as string;
    expect(await admin.page.locator('.qr svg').count()).toBe(1);
    await admin.page.locator('input[name=code]').fill(authenticator(secret, Date.now()));
    await admin.page.getByRole('button', { name: '确认' }).click();
    await admin.page.getByTestId('totp-state').filter({ hasText: '两步验证已启用' }).waitFor();
    expect(await admin.page.evaluate(() => document.cookie)).toBe('');

    // Act: sign out and in again, with password and code (the next time step: each code counts once).
    await admin.page.getByRole('button', { name: '退出' }).click();
    await admin.page.locator('input[name=login]').fill('li.admin');
    await admin.page.locator('input[name=password]').fill('admin-password-1');
    await admin.page.getByRole('button', { name: '登录' }).click();
    await admin.page.locator('input[name=totp]').fill(authenticator(secret, Date.now() + 30_000));
    await admin.page.getByRole('button', { name: '登录' }).click();
    await admin.page.getByTestId('signed-in-user').filter({ hasText: '李管理' }).waitFor();

    // Act: the admin adds a collector.
    await admin.page.getByRole('link', { name: '用户' }).click();
    const add = admin.page.getByRole('form', { name: '添加用户' });
    await add.locator('input[name=name]').fill('王清欠');
    await add.locator('input[name=login]').fill('wang.collector');
    await add.getByLabel('清欠员').check();
    await add.locator('input[name=password]').fill('first-password-1');
    await add.getByRole('button', { name: '创建' }).click();
    await admin.page.getByRole('status').filter({ hasText: '用户已添加' }).waitFor();
    await e2e.screenshot(admin.page, 'admin-users');

    // Act: the collector signs in with the password the admin gave, and must choose a new one.
    await collector.page.goto(e2e.baseUrl);
    await collector.page.locator('input[name=login]').fill('wang.collector');
    await collector.page.locator('input[name=password]').fill('first-password-1');
    await collector.page.getByRole('button', { name: '登录' }).click();
    await collector.page.getByText('请先设置新密码再继续').waitFor();
    await collector.page.locator('input[name=currentPassword]').fill('first-password-1');
    await collector.page.locator('input[name=newPassword]').fill('wang-own-password-2');
    await collector.page.getByRole('button', { name: '修改密码' }).click();
    await collector.page.getByText('请先设置新密码再继续').waitFor({ state: 'detached' });
    await collector.page.getByRole('link', { name: '欠款' }).click();
    // Nothing is assigned to the new collector yet: the list loads, empty.
    await collector.page.getByText('暂无内容。').waitFor();

    // Act: the admin disables the collector.
    await admin.page.locator('tr[data-login="wang.collector"]').getByRole('button', { name: '停用' }).click();
    await admin.page.locator('tr[data-login="wang.collector"]').getByText('已停用').waitFor();

    // Assess: the collector's open session is over at once, and signing in again is refused.
    await collector.page.reload();
    await collector.page.locator('input[name=login]').fill('wang.collector');
    await collector.page.locator('input[name=password]').fill('wang-own-password-2');
    await collector.page.getByRole('button', { name: '登录' }).click();
    await collector.page.getByRole('alert').filter({ hasText: '401' }).waitFor();
    expect(await collector.page.getByTestId('signed-in-user').count()).toBe(0);
    // A sign-in that asks for the code, and the refused one, are 401s the browser logs as failed resources; nothing else.
    expect(admin.consoleErrors.filter((error) => !error.includes('401'))).toEqual([]);
    expect(collector.consoleErrors.filter((error) => !error.includes('401'))).toEqual([]);
    await admin.close();
    await collector.close();
  });
});
