import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import { toChineseUppercase } from '../functions/core/chinese-amount';
import { requireTool } from '../functions/testing/system-tools';
import { describeTemplates, findTemplate, renderTemplate, TEMPLATES } from './index';
import { pdfText, REFERENCE_DIR, renderReference } from './render-references';

const squash = (text: string) => text.replace(/\s+/g, '');

describe('templates', () => {
  it('come in zh-CN and English for each of the four documents of DESIGN §9', () => {
    const ids = TEMPLATES.map((template) => template.id).sort();
    expect(ids).toEqual(
      ['acknowledgement', 'demand-letter', 'responsibility-book', 'visit-record'].flatMap((kind) => [`${kind}.en`, `${kind}.zh-CN`]).sort(),
    );
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: the published example is valid and the JSON Schema names its fields', (_id, template) => {
    // Prepare
    const described = describeTemplates().find((entry) => entry.id === template.id) as { schema: { type: string; properties: Record<string, unknown>; required: string[] }; example: unknown };
    // Assess
    expect(template.schema.safeParse(described.example).success).toBe(true);
    expect(described.schema.type).toBe('object');
    for (const field of Object.keys(template.example as object)) expect(described.schema.properties).toHaveProperty(field);
    for (const field of described.schema.required) expect(template.example).toHaveProperty(field);
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s: renders the same text as its reference render (templates/reference)', async (id, template) => {
    requireTool('pdftotext', 'poppler-utils');
    // Act
    const text = pdfText(await renderReference(template));
    // Assess: text, not pixels; a changed layout is reviewed by regenerating the references.
    expect(text).toBe(readFileSync(join(REFERENCE_DIR, `${id}.txt`), 'utf8'));
  });

  it('prints amounts in figures and in uppercase, computed from the data', async () => {
    requireTool('pdftotext', 'poppler-utils');
    // Prepare: an acknowledgement whose total is only known by adding up its items.
    const template = findTemplate('acknowledgement.zh-CN')!;
    const data = template.schema.parse({
      ...(template.example as object),
      items: [
        { description: '货款', amount: '1000000.00', paid: '0.00' },
        { description: '签证', amount: '10.50', paid: '0.00' },
      ],
    });
    // Act
    const text = squash(pdfText((await renderTemplate(template, data, { signers: [{ name: '王五' }] })).bytes));
    // Assess
    expect(text).toContain('1,000,010.50');
    expect(text).toContain(`大写：人民币${toChineseUppercase('1000010.50')}`);
    expect(text).toContain('壹佰万零壹拾元伍角');
    expect(text).toContain('欠款确认函');
  });

  it('puts one signature box per signer, in order, inside the page', async () => {
    const template = findTemplate('visit-record.en')!;
    const signers = [{ name: 'A' }, { name: 'B' }, { name: 'C' }];
    const rendered = await renderTemplate(template, template.schema.parse(template.example), { signers });
    expect(rendered.slots).toHaveLength(3);
    for (const slot of rendered.slots) {
      expect(slot.page).toBeLessThan(rendered.pages);
      expect(slot.x).toBeGreaterThan(0);
      expect(slot.y).toBeGreaterThan(0);
      expect(slot.x + slot.width).toBeLessThan(595.28);
    }
    // Left to right, then the next row.
    expect(rendered.slots[0]!.x).toBeLessThan(rendered.slots[1]!.x);
    const [first, , third] = rendered.slots as [typeof rendered.slots[0], unknown, typeof rendered.slots[0]];
    expect(third.page > first.page || third.y < first.y).toBe(true);
  });

  it('wraps long text and tables onto further pages, keeping every word', async () => {
    requireTool('pdftotext', 'poppler-utils');
    const template = findTemplate('responsibility-book.zh-CN')!;
    const debts = Array.from({ length: 60 }, (_, i) => ({ debtor: `第${i + 1}号债务人某某有限公司`, outstanding: '1000.00', target: '500.00', targetDate: '2026-12-31' }));
    const rendered = await renderTemplate(template, template.schema.parse({ ...(template.example as object), debts }), { signers: [{ name: '张三' }] });
    const text = squash(pdfText(rendered.bytes));
    expect(rendered.pages).toBeGreaterThan(1);
    for (let i = 1; i <= 60; i++) expect(text).toContain(`第${i}号债务人某某有限公司`);
    expect(text).toContain('60,000.00');
    expect(text).toContain(`第${rendered.pages}页/共${rendered.pages}页`);
  });

  it('refuses data that breaks a template schema, naming the field', () => {
    const template = findTemplate('acknowledgement.zh-CN')!;
    const result = template.schema.safeParse({ ...(template.example as object), items: [{ description: 'x', amount: '10.00', paid: '20.00' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain('items.0.paid');
    expect(findTemplate('demand-letter.en')!.schema.safeParse({ ...(findTemplate('demand-letter.en')!.example as object), outstanding: 12.5 }).success).toBe(false);
  });
});

describe('fonts', () => {
  it('subset Chinese glyphs keep their outlines (the shipped CJK font has no odd-length glyphs)', () => {
    // Prepare: the characters the templates print, subset as pdf-lib does.
    const font = fontkit.create(readFileSync(new URL('./fonts/DroidSansFallbackFull.ttf', import.meta.url)));
    const chars = [...new Set(TEMPLATES.flatMap((t) => JSON.stringify(t.example).split('')).filter((c) => /\p{Script=Han}/u.test(c)))];
    const subset = font.createSubset();
    const ids = chars.map((c) => subset.includeGlyph(font.glyphForCodePoint(c.codePointAt(0)!).id));
    const chunks: Uint8Array[] = [];
    const stream = subset.encodeStream();
    stream.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    return new Promise<void>((resolve) =>
      stream.on('end', () => {
        // Act
        const subsetFont = fontkit.create(Buffer.concat(chunks));
        const commands = (glyph: { path: unknown }) => (glyph.path as { commands: unknown[] }).commands.length;
        // Assess: every glyph decodes to the same outline as in the full font.
        chars.forEach((char, i) => {
          const original = commands(font.glyphForCodePoint(char.codePointAt(0)!));
          expect(original, char).toBeGreaterThan(0);
          expect(commands(subsetFont.getGlyph(ids[i]!)), char).toBe(original);
        });
        resolve();
      }),
    );
  });
});
