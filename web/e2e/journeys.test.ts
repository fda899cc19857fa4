import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCjkPdf, SAMPLE_CONTRACT_LINES, scanOf } from '../../functions/testing/cjk-pdfs';
import { signedAcknowledgementPdf } from '../../functions/testing/sealed-scans';
import { makePdf } from '../../functions/testing/pdfs';
import { startE2e } from './support';

/**
 * Each role's main journey, end to end: Debian's Chromium against the real embedded service
 * serving the built app. Screenshots go to test-artifacts/web/; any browser console error fails.
 */
let e2e: Awaited<ReturnType<typeof startE2e>>;
let debtId: string;
let sealedScan: Uint8Array<ArrayBuffer>;
beforeAll(async () => {
  // Drawn and rendered before the journeys: a pause of seconds between requests would let the
  // server close the client's kept-alive connection just as it is reused.
  sealedScan = (await scanOf(await signedAcknowledgementPdf(), 150, true)).png;
  e2e = await startE2e({ demo: true });
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

describe('web app journeys', { timeout: 120_000 }, () => {
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
    await expect.poll(() => page.getByTestId('outstanding').textContent(), { timeout: 30_000 }).toBe('399,999.90 CNY');
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
    await page.locator('table.debts tbody tr').first().waitFor();
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
    // Found by what it records: extraction events of earlier uploads may land after it.
    const recorded = async () => (await e2e.call('legal-1', 'GET', `/v1/debts/${debtId}/audit?limit=500`)).items.filter((e: { action: string; details: { event?: { date?: string } } }) => e.action === 'limitation_event.recorded' && e.details.event?.date === '2026-11-20');
    await expect.poll(async () => (await recorded()).length, { timeout: 30_000 }).toBe(1);
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
    await expect.poll(() => page.getByTestId('chain-status').textContent(), { timeout: 30_000 }).toMatch(/^✔/);
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

  it('a collector has the debtor sign a visit record, the debtor signs on a phone, and legal verifies the seal', async () => {
    // Prepare
    const collector = await e2e.page();
    await e2e.signIn(collector.page, 'collector-1');
    await collector.page.goto(`${e2e.baseUrl}/debts/${debtId}`);
    // Act: the collector creates a signing request from the visit-record template.
    const form = collector.page.getByRole('form', { name: '新建签署请求' });
    await form.locator('select[name=template]').selectOption('visit-record.zh-CN');
    await form.locator('input[name="signers.0.name"]').fill('王五');
    await form.locator('input[name="signers.0.phone"]').fill('+86 138 0000 0001');
    await form.getByRole('button', { name: '创建请求' }).click();
    const link = (await collector.page.getByTestId('signing-link').textContent()) as string;
    // Act: the debtor opens the link on a phone, gets a code, draws a signature and consents.
    const phone = await e2e.page({ viewport: { width: 390, height: 844 } });
    await phone.page.goto(link);
    await phone.page.getByRole('button', { name: '发送一次性验证码' }).click();
    await phone.page.getByText('验证码已发送至').waitFor();
    expect(await e2e.accessibilityProblems(phone.page)).toEqual([]);
    const outbox = await e2e.call('admin-1', 'GET', '/v1/dev/outbox');
    const code = /(\d{6})/.exec(outbox.items.find((m: { kind: string }) => m.kind === 'signing.otp').text)![1]!;
    await phone.page.locator('input[name=otp]').fill(code);
    await phone.page.getByTestId('signature-pad').scrollIntoViewIfNeeded();
    const pad = (await phone.page.getByTestId('signature-pad').boundingBox())!;
    await phone.page.mouse.move(pad.x + 20, pad.y + pad.height / 2);
    await phone.page.mouse.down();
    for (let step = 1; step <= 12; step++) await phone.page.mouse.move(pad.x + 20 + step * 20, pad.y + pad.height / 2 + (step % 2 ? -25 : 25));
    await phone.page.mouse.up();
    await phone.page.locator('input[name=consent]').check();
    await e2e.screenshot(phone.page, 'signer-phone-before-signing');
    await phone.page.getByRole('button', { name: '签署', exact: true }).click();
    await phone.page.getByText('已签署，谢谢').waitFor();
    await e2e.screenshot(phone.page, 'signer-phone-signed');
    // Assess: the collector sees it completed; the sealed visit record verifies.
    await collector.page.getByRole('button', { name: '刷新' }).click();
    await collector.page.getByText(/状态: completed/).waitFor();
    const documents = await e2e.call('legal-1', 'GET', `/v1/debts/${debtId}/documents?limit=500`);
    const sealed = documents.items.find((d: { type: string; signedByDebtor?: unknown }) => d.type === 'visit_record' && d.signedByDebtor);
    expect(sealed).toBeDefined();
    const legal = await e2e.page();
    await e2e.signIn(legal.page, 'legal-1');
    const bytes = await fetch(`${e2e.baseUrl}/v1/debts/${debtId}/documents/${sealed.id}/content`, { headers: { authorization: `Bearer ${await e2e.token('legal-1')}` } }).then((r) => r.arrayBuffer());
    await legal.page.getByRole('link', { name: '验证 PDF' }).click();
    await legal.page.locator('input[type=file]').setInputFiles({ name: 'visit.pdf', mimeType: 'application/pdf', buffer: Buffer.from(bytes) });
    await expect.poll(() => legal.page.getByTestId('verify-status').textContent(), { timeout: 30_000 }).toMatch(/^✔/);
    expect(await legal.page.locator('main').textContent()).toContain('本系统存有此文件');
    await e2e.screenshot(legal.page, 'legal-verify-pdf');
    // Assess: the debt file shows the counted demand and the readiness checklist.
    await legal.page.goto(`${e2e.baseUrl}/debts/${debtId}`);
    await legal.page.locator('[data-check="demand"]').waitFor();
    expect(await legal.page.locator('ol.timeline').textContent()).toMatch(/✔/);
    await e2e.screenshot(legal.page, 'legal-debt-file');
    for (const tab of [collector, phone, legal]) expect(tab.consoleErrors).toEqual([]);
    await Promise.all([collector.close(), phone.close(), legal.close()]);
  });

  it('legal reviews the amount read from a Chinese contract with its box highlighted', async () => {
    // Prepare: sales files a digital contract; extraction reads it in the background.
    const form = new FormData();
    form.set('type', 'contract');
    form.set('file', new Blob([await makeCjkPdf([{ lines: SAMPLE_CONTRACT_LINES }])], { type: 'application/pdf' }), '施工合同.pdf');
    const uploaded = await fetch(`${e2e.baseUrl}/v1/debts/${debtId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${await e2e.token('sales-1')}` }, body: form }).then((r) => r.json());
    await expect
      .poll(async () => (await e2e.call('legal-1', 'GET', `/v1/debts/${debtId}/documents/${uploaded.id}/extraction`)).status, { timeout: 60_000 })
      .toBe('done');
    const { page, consoleErrors, close } = await e2e.page();
    await e2e.signIn(page, 'legal-1');
    // Act: open the review from the documents table, confirm the total amount.
    await page.goto(`${e2e.baseUrl}/debts/${debtId}`);
    await page.locator(`#doc-${uploaded.id} a`).click();
    await page.locator('.page-frame[data-rendered="true"]').waitFor();
    await page.getByRole('button', { name: 'total_amount' }).click();
    expect(await page.locator('.page-frame .box.active').count()).toBe(1);
    expect(await page.locator('input[name="value.total_amount"]').inputValue()).toBe('1234567.89');
    await page.locator('input[name="confirm.total_amount"]').check();
    await e2e.screenshot(page, 'legal-extraction-review');
    await page.getByRole('button', { name: '确认所勾选的字段' }).click();
    // Assess
    await page.getByText('已由 legal-1 复核').first().waitFor();
    const extraction = await e2e.call('legal-1', 'GET', `/v1/debts/${debtId}/documents/${uploaded.id}/extraction`);
    expect(extraction.fields.find((f: { name: string }) => f.name === 'total_amount')).toMatchObject({ value: '1234567.89', reviewed: true, reviewedBy: 'legal-1' });
    expect(consoleErrors).toEqual([]);
    await close();
  });

  it('legal sees the seal and the signature suggested on a scanned acknowledgement, and confirms the seal', async () => {
    // Prepare: collector files a colour scan (PNG) of a sealed and signed acknowledgement.
    const form = new FormData();
    form.set('type', 'acknowledgement');
    form.set('file', new Blob([sealedScan], { type: 'image/png' }), '欠款确认函.png');
    const uploaded = await fetch(`${e2e.baseUrl}/v1/debts/${debtId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${await e2e.token('collector-1')}` }, body: form }).then((r) => r.json());
    await expect
      .poll(async () => (await e2e.call('legal-1', 'GET', `/v1/debts/${debtId}/documents/${uploaded.id}/extraction`)).status, { timeout: 90_000 })
      .toBe('done');
    const { page, consoleErrors, close } = await e2e.page();
    await e2e.signIn(page, 'legal-1');
    // Act: open the review; the seal's box is drawn over the page.
    await page.goto(`${e2e.baseUrl}/debts/${debtId}/documents/${uploaded.id}/review`);
    await page.locator('.page-frame[data-rendered="true"]').waitFor();
    await page.locator('[data-mark="seal_present"]').getByRole('button', { name: '红色印章' }).click();
    const seal = page.locator('.page-frame .box.mark.seal');
    await seal.waitFor();
    const frame = await page.locator('.page-frame').boundingBox();
    const box = await seal.boundingBox();
    await expect.poll(() => page.locator('.page-frame .box.mark.signature').count()).toBe(1);
    await e2e.screenshot(page, 'legal-seal-review');
    await page.getByRole('button', { name: '确认 seal_present' }).click();
    // Assess: the box sits where the seal was drawn (centre 430 / 595 = 0.72 across, 612 / 842 = 0.73 down).
    expect(frame && box).toBeTruthy();
    if (frame && box) {
      expect((box.x - frame.x + box.width / 2) / frame.width).toBeCloseTo(0.72, 1);
      expect((box.y - frame.y + box.height / 2) / frame.height).toBeCloseTo(0.73, 1);
    }
    await page.locator('[data-mark="seal_present"]').getByText('已由 legal-1 确认').waitFor();
    const extraction = await e2e.call('legal-1', 'GET', `/v1/debts/${debtId}/documents/${uploaded.id}/extraction`);
    expect(extraction.fields.find((f: { name: string }) => f.name === 'seal_present')).toMatchObject({ value: 'true', reviewed: true, reviewedBy: 'legal-1' });
    expect(extraction.fields.find((f: { name: string }) => f.name === 'signature_present')).toMatchObject({ value: 'true', reviewed: false, engine: 'local-marks' });
    expect(consoleErrors).toEqual([]);
    await close();
  });

  it('legal hands the file off with an override, and the sealed packet verifies', async () => {
    // Prepare
    const { page, consoleErrors, close } = await e2e.page();
    await e2e.signIn(page, 'legal-1');
    await page.goto(`${e2e.baseUrl}/debts/${debtId}`);
    const form = page.getByRole('form', { name: '移交诉讼' });
    // Act: without an override the failing checks are listed; with one the file is handed off.
    await form.getByRole('button', { name: '移交法务' }).click();
    const refusal = await page.locator('#handoff-h ~ .problem').textContent();
    await form.locator('input[name=override]').fill('诉讼时效即将届满，需尽快起诉以保全债权');
    await form.getByRole('button', { name: '移交法务' }).click();
    await page.getByText('已移交：档案已冻结').waitFor();
    await page.locator('tr[data-packet-status="ready"]').waitFor({ timeout: 90_000 });
    await page.locator('tr[data-packet-status="ready"]').getByRole('button', { name: '验证 PDF' }).click();
    // Assess
    expect(refusal).toMatch(/409/);
    await expect.poll(() => page.getByTestId('verify-status').textContent(), { timeout: 30_000 }).toMatch(/^✔/);
    expect(await page.locator('.uploader select[name=type] option').allTextContents()).toEqual(['往来函件', '诉讼文书']);
    await e2e.screenshot(page, 'legal-handoff-packet');
    expect(consoleErrors.filter((message) => !message.includes('status of 409'))).toEqual([]);
    await close();
  });

  it('meets the WCAG 2 A/AA rules axe-core checks on the main screens and the sign-in page', async () => {
    // Prepare
    const { page, close } = await e2e.page();
    await e2e.signIn(page, 'legal-1');
    const problems: Record<string, string[]> = {};
    // Act
    for (const [name, path] of [['debts', '/'], ['debt file', `/debts/${debtId}`], ['audit', `/debts/${debtId}/audit`], ['aging', '/reports/aging'], ['verify', '/verify']] as const) {
      const response = await page.goto(`${e2e.baseUrl}${path}`);
      // The screens work under the app's Content-Security-Policy (a violation would be a console error).
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      problems[name] = await e2e.accessibilityProblems(page);
    }
    const signIn = await e2e.page();
    await signIn.page.goto(e2e.baseUrl);
    await signIn.page.locator('button[data-user]').first().waitFor();
    problems['sign-in'] = await e2e.accessibilityProblems(signIn.page);
    // Assess
    expect(problems).toEqual({ debts: [], 'debt file': [], audit: [], aging: [], verify: [], 'sign-in': [] });
    await Promise.all([close(), signIn.close()]);
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
