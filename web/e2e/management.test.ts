import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e } from './support';

/**
 * The debt-clearing screens in Debian's Chromium against the real embedded service. The service
 * runs on the machine's clock, so the figures below hold for any day of 2026 after 2026-11-20,
 * and the ages for any day before 2027-01-10.
 *
 *   unit FJ, debt due 2022-01-10, principal 200000.00, collector-1, paid 2026-11-20 50000.00
 *   → outstanding 150000.00 in band 4–5 years; 2026 indicator 100000.00 (collector-1 80000.00)
 *   book of collector-1 on the debt: target 40000.00 in 2026 → met
 */
let e2e: Awaited<ReturnType<typeof startE2e>>;
let debtId: string;
beforeAll(async () => {
  e2e = await startE2e({ demo: true });
  await e2e.call('finance-1', 'POST', '/v1/units', { id: 'FJ', name: '福建某某建材有限公司', kind: 'company' });
  const debt = await e2e.call('finance-1', 'POST', '/v1/debts', {
    debtor: { name: '泉州某某城建集团', uscc: '91350100M000100Y43' },
    project: { name: '某某安置房', kind: 'government' },
    principal: '200000.00',
    dueDate: '2022-01-10',
    unitId: 'FJ',
    assignees: { collector: 'collector-1' },
  });
  debtId = debt.id;
  await e2e.call('finance-1', 'POST', `/v1/debts/${debt.id}/payments`, { amount: '50000.00', date: '2026-11-20' });
  await e2e.call('finance-1', 'PUT', '/v1/management/indicators/2026/FJ', { target: '100000.00', persons: [{ userId: 'collector-1', target: '80000.00' }] });
  await e2e.call('finance-1', 'POST', '/v1/responsibility-books', { responsibleId: 'collector-1', coverage: { debtIds: [debt.id] }, target: '40000.00', periodStart: '2026-01-01', deadline: '2026-12-31' });
}, 120_000);
afterAll(async () => e2e?.stop());

describe('debt-clearing management screens', { timeout: 120_000 }, () => {
  it('finance reads aging by unit with its details, the monthly statistics with chart and workbook, and the books', async () => {
    // Prepare
    const { page, consoleErrors, close } = await e2e.page();
    await e2e.signIn(page, 'finance-1');
    // Act: aging by arrears unit
    await page.getByRole('link', { name: '清欠管理' }).click();
    await page.getByRole('button', { name: '明细 FJ 4–5 年' }).click();
    // Assess
    expect(await page.locator('table.aging-matrix').textContent()).toContain('150,000.00');
    expect(await page.getByTestId('aging-details').textContent()).toContain('泉州某某城建集团');
    await e2e.screenshot(page, 'management-aging');
    // Act: monthly statistics of November 2026
    await page.getByRole('tab', { name: '月度统计' }).click();
    await page.locator('input[type=month]').fill('2026-11');
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('svg.chart').waitFor();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载 Excel' }).click();
    const workbook = await downloading;
    // Assess: 50000.00 of 100000.00 this year
    const tables = await page.locator('section table').allTextContents();
    expect(tables[0]).toContain('150,000.00 CNY');
    expect(tables[0]).toContain('50.00%');
    expect(tables[1]).toContain('62.50%'); // collector-1: 50000.00 of 80000.00
    expect(workbook.suggestedFilename()).toBe('debt-clearing-2026-11.xlsx');
    await e2e.screenshot(page, 'management-monthly');
    // Act: books
    await page.getByRole('tab', { name: '清欠责任书' }).click();
    // Assess
    const books = await page.getByTestId('books').textContent();
    expect(books).toContain('已完成');
    expect(books).toContain('125.00%');
    expect(await e2e.accessibilityProblems(page)).toEqual([]);
    // Act: mark the debtor's risk on the debt's file
    await page.getByRole('tab', { name: '账龄（按欠款单位）' }).click();
    await page.getByRole('button', { name: '明细 FJ 4–5 年' }).click();
    await page.getByTestId('aging-details').getByRole('link', { name: '泉州某某城建集团' }).click();
    const panel = page.getByRole('form', { name: '清欠管理信息' });
    await panel.locator('select[name=projectStage]').selectOption('completed_pending_settlement');
    await panel.getByLabel('资金困难').check();
    await panel.getByRole('button', { name: '保存' }).click();
    // Assess
    await expect.poll(async () => (await e2e.call('finance-1', 'GET', `/v1/debts/${debtId}`)).riskFlags, { timeout: 30_000 }).toEqual(['financial_difficulty']);
    expect((await e2e.call('finance-1', 'GET', `/v1/debts/${debtId}`)).projectStage).toBe('completed_pending_settlement');
    await e2e.screenshot(page, 'management-debt-panel');
    expect(consoleErrors).toEqual([]);
    await close();
  });

  it('legal sends a responsibility book for signature from its row', async () => {
    // Prepare
    const { page, consoleErrors, close } = await e2e.page();
    await e2e.signIn(page, 'legal-1');
    await page.getByRole('link', { name: '清欠管理' }).click();
    await page.getByRole('tab', { name: '清欠责任书' }).click();
    // Act
    const form = page.getByRole('form', { name: /^送签/ });
    await form.getByLabel('甲方（公司）名称').fill('福建某某建材有限公司');
    await form.getByLabel('签署人手机').fill('+86 138 0000 0009');
    await form.getByRole('button', { name: '送签' }).click();
    // Assess
    await expect.poll(() => page.getByTestId('books').textContent(), { timeout: 30_000 }).toContain('签署中');
    const books = await e2e.call('legal-1', 'GET', '/v1/responsibility-books');
    expect(books.items[0]).toMatchObject({ signingStatus: 'pending', signing: { debtId } });
    await e2e.screenshot(page, 'management-legal-signing');
    expect(consoleErrors).toEqual([]);
    await close();
  });

  it('a collector sees only its books and commissions, in English too', async () => {
    // Prepare
    const { page, consoleErrors, close } = await e2e.page({ locale: 'en' });
    await e2e.signIn(page, 'collector-1');
    await page.evaluate(() => localStorage.setItem('evidence.locale', 'en'));
    await page.reload();
    // Act
    await page.getByRole('link', { name: 'Debt clearing' }).click();
    const tabs = await page.getByRole('tab').allTextContents();
    await page.getByRole('tab', { name: 'Commissions' }).click();
    await page.getByRole('button', { name: 'Show' }).click();
    // Assess: the payment has no payment record, so it earns nothing and is listed apart
    await page.getByTestId('commission-totals').waitFor();
    expect(tabs).toEqual(['Responsibility books', 'Commissions']);
    expect(await page.getByTestId('commission-totals').textContent()).toContain('0.00');
    expect(await page.locator('main').textContent()).toContain('Payments without a payment record (no commission)');
    await e2e.screenshot(page, 'management-collector-commissions');
    expect(consoleErrors).toEqual([]);
    await close();
  });
});
