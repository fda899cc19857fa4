import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../../functions/testing/pdfs';
import { startE2e } from './support';

/**
 * Each role's main journey, end to end: Debian's Chromium against the real embedded service
 * serving the built app. Screenshots go to test-artifacts/web/; any browser console error fails.
 */
let e2e: Awaited<ReturnType<typeof startE2e>>;
let debtId: string;
beforeAll(async () => {
  e2e = await startE2e();
  const debt = await e2e.call('finance-1', 'POST', '/v1/debts', {
    debtor: { name: '福州某某建设工程有限公司', uscc: '91350100M000100Y43' },
    project: { name: '某某大厦', kind: 'real_estate' },
    principal: '1234567.89',
    dueDate: '2024-06-30',
    assignees: { collector: 'collector-1', sales: 'sales-1' },
  });
  debtId = debt.id;
}, 120_000);
afterAll(async () => e2e?.stop());

describe('web app journeys', () => {
  it('finance opens a debt, uploads an invoice, records a payment and sees the aging chart', async () => {
    // Prepare
    const { page, consoleErrors, close } = await e2e.page();
    await e2e.signIn(page, 'finance-1');
    // Act: create a debt through the form.
    await page.getByRole('link', { name: '新建欠款' }).click();
    await page.locator('input[name=debtorName]').fill('厦门某某置业有限公司');
    await page.locator('input[name=principal]').fill('500000.00');
    await page.locator('input[name=dueDate]').fill('2025-03-31');
    await page.locator('input[name=collector]').fill('collector-2');
    await page.getByRole('button', { name: '创建' }).click();
    await page.getByRole('heading', { name: '厦门某某置业有限公司' }).waitFor();
    // Act: upload an invoice with the file chooser.
    await page.locator('select[name=type]').selectOption('invoice');
    await page.locator('input[type=file]').setInputFiles({ name: '发票.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await makePdf('Invoice 001')) });
    await page.getByRole('status').filter({ hasText: '发票.pdf' }).waitFor();
    // Act: record a payment.
    const payment = page.getByRole('form', { name: '登记回款' });
    await payment.locator('input[name=amount]').fill('100000.10');
    await payment.locator('input[name=date]').fill('2026-11-01');
    await payment.getByRole('button', { name: '保存' }).click();
    // Assess
    await expect.poll(() => page.getByTestId('outstanding').textContent()).toBe('399,999.90 CNY');
    expect(await page.getByTestId('paid').textContent()).toBe('100,000.10 CNY');
    expect(await page.locator('table.documents').textContent()).toContain('发票');
    await e2e.screenshot(page, 'finance-debt-file');
    await page.getByRole('link', { name: '账龄' }).click();
    await page.locator('svg.chart').waitFor();
    expect(await page.locator('main table').textContent()).toContain('399,999.90 CNY');
    await e2e.screenshot(page, 'finance-aging');
    expect(consoleErrors).toEqual([]);
    await close();
  });

  it('sales sees only its debts and drops a contract onto the file', async () => {
    // Prepare
    const { page, consoleErrors, close } = await e2e.page();
    await e2e.signIn(page, 'sales-1');
    // Act
    const rows = await page.locator('table.debts tbody tr').allTextContents();
    await page.getByRole('link', { name: '福州某某建设工程有限公司' }).click();
    await page.locator('select[name=type]').selectOption('contract');
    const bytes = [...(await makePdf('Supply contract'))];
    const transfer = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], '供货合同.pdf', { type: 'application/pdf' }));
      return dt;
    }, bytes);
    await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer: transfer });
    // Assess
    expect(rows).toHaveLength(1);
    await page.getByRole('status').filter({ hasText: '供货合同.pdf' }).waitFor();
    expect(await page.locator('select[name=type] option').allTextContents()).not.toContain('走访记录');
    await e2e.screenshot(page, 'sales-debt-file');
    expect(consoleErrors).toEqual([]);
    await close();
  });

  it('a collector sees only assigned debts and records a demand; bad input shows the reason', async () => {
    // Prepare
    const { page, consoleErrors, close } = await e2e.page({ locale: 'en-US' });
    await e2e.signIn(page, 'collector-1');
    // Act
    await page.getByRole('link', { name: '福州某某建设工程有限公司' }).click();
    const form = page.getByRole('form', { name: 'Record a limitation event' });
    await form.locator('select[name=type]').selectOption('demand');
    await form.locator('input[name=date]').fill('2030-01-01');
    await form.getByRole('button', { name: 'Save' }).click();
    const problem = await form.getByRole('alert').textContent();
    await form.locator('input[name=date]').fill('2026-11-20');
    await form.getByRole('button', { name: 'Save' }).click();
    // Assess
    expect(problem).toMatch(/in the future/);
    await expect.poll(async () => (await e2e.call('legal-1', 'GET', `/v1/debts/${debtId}/audit`)).items.at(-1).action).toBe('limitation_event.recorded');
    // Chromium logs the refused request itself; that one is expected, nothing else is.
    expect(consoleErrors.filter((message) => !message.includes('status of 422'))).toEqual([]);
    await close();
    const other = await e2e.page();
    await e2e.signIn(other.page, 'collector-2');
    expect(await other.page.locator('table.debts').textContent()).not.toContain('福州某某建设工程有限公司');
    await other.close();
  });

  it('legal verifies the audit chain and voids a document with a reason', async () => {
    // Prepare
    const { page, consoleErrors, close } = await e2e.page();
    await e2e.signIn(page, 'legal-1');
    await page.goto(`${e2e.baseUrl}/debts/${debtId}`);
    // Act
    await page.locator('table.documents tbody tr').first().getByRole('button', { name: '作废' }).click();
    await page.locator('input[name=reason]').fill('上传到了错误的欠款');
    await page.locator('table.documents form button[type=submit]').click();
    await page.locator('tr.void').waitFor();
    await page.getByRole('link', { name: '审计轨迹' }).click();
    // Assess
    await expect.poll(() => page.getByTestId('chain-status').textContent()).toMatch(/^✔/);
    expect(await page.locator('table.audit').textContent()).toContain('document.voided');
    await e2e.screenshot(page, 'legal-audit-trail');
    expect(consoleErrors).toEqual([]);
    await close();
  });

  it('an auditor reads but cannot write, and exports the trail', async () => {
    // Prepare
    const { page, consoleErrors, close } = await e2e.page();
    await e2e.signIn(page, 'auditor-1');
    // Act
    await page.goto(`${e2e.baseUrl}/debts/${debtId}`);
    await page.getByRole('heading', { name: '福州某某建设工程有限公司' }).waitFor();
    const uploadControls = await page.locator('.uploader').count();
    const voidButtons = await page.getByRole('button', { name: '作废' }).count();
    await page.getByRole('link', { name: '审计轨迹' }).click();
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出（JSON Lines）' }).click();
    const file = await downloadPromise;
    // Assess
    expect(uploadControls).toBe(0);
    expect(voidButtons).toBe(0);
    expect(file.suggestedFilename()).toBe('audit.jsonl');
    expect(consoleErrors).toEqual([]);
    await close();
  });

  it('switches to English and keeps the choice', async () => {
    const { page, close } = await e2e.page();
    await e2e.signIn(page, 'admin-1');
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Debts' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await close();
  });
});
