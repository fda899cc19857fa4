/**
 * Regenerates the reference renders under templates/reference/ (`npm run templates:references`;
 * needs poppler-utils): for each template, its example rendered with two signers, as PNG pages
 * (`pdftoppm -r 50`) for people to review, and as text (`pdftotext -layout`), which the template
 * tests compare with a fresh render.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTemplate, TEMPLATES, type TemplateDefinition } from './index';

export const REFERENCE_DIR = fileURLToPath(new URL('./reference/', import.meta.url));

/** The signers every reference render shows. */
export const REFERENCE_CONTEXT = {
  signers: [
    { name: '王五', organization: '福州某某建设工程有限公司', title: '财务经理' },
    { name: 'Li Lei', organization: 'Fujian Example Building Materials Co., Ltd.' },
  ],
  reference: 'REF-0001',
};

/** A template's example rendered as in the references. */
export async function renderReference(template: TemplateDefinition): Promise<Uint8Array> {
  return (await renderTemplate(template, template.schema.parse(template.example), REFERENCE_CONTEXT)).bytes;
}

/** `pdftotext -layout` of a PDF. */
export function pdfText(bytes: Uint8Array): string {
  const run = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: bytes, encoding: 'utf8' });
  if (run.error || run.status !== 0) throw new Error(`pdftotext failed: ${run.error?.message ?? run.stderr}`);
  return run.stdout;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of readdirSync(REFERENCE_DIR)) if (/\.(png|txt)$/.test(file)) unlinkSync(join(REFERENCE_DIR, file));
  const work = mkdtempSync(join(tmpdir(), 'template-refs-'));
  for (const template of TEMPLATES) {
    const bytes = await renderReference(template);
    const pdf = join(work, `${template.id}.pdf`);
    writeFileSync(pdf, bytes);
    const png = spawnSync('pdftoppm', ['-r', '50', '-png', pdf, join(REFERENCE_DIR, template.id)]);
    if (png.status !== 0) throw new Error(`pdftoppm failed for ${template.id}`);
    writeFileSync(join(REFERENCE_DIR, `${template.id}.txt`), pdfText(bytes));
    console.log(`${template.id}: ${bytes.length} bytes`);
  }
  rmSync(work, { recursive: true, force: true });
}
