import { PDFDocument } from 'pdf-lib';
import { z } from 'zod';
import { acknowledgementTemplates } from './acknowledgement';
import type { RenderContext, TemplateDefinition } from './common';
import { demandLetterTemplates } from './demand-letter';
import { embedDocumentFonts } from './fonts';
import { PageWriter, type SignatureSlot } from './layout';
import { responsibilityBookTemplates } from './responsibility-book';
import { visitRecordTemplates } from './visit-record';

export type { Language, RenderContext, SignerLine, TemplateDefinition } from './common';
export type { SignatureSlot } from './layout';

/** Every template, zh-CN first (DESIGN §9). */
export const TEMPLATES: readonly TemplateDefinition[] = [...visitRecordTemplates, ...acknowledgementTemplates, ...demandLetterTemplates, ...responsibilityBookTemplates] as TemplateDefinition[];

const BY_ID = new Map(TEMPLATES.map((template) => [template.id, template]));

/** The template with this id, or undefined. */
export function findTemplate(id: string): TemplateDefinition | undefined {
  return BY_ID.get(id);
}

/** What `GET /v1/templates` lists: each template with its data's JSON Schema and a valid example. */
export function describeTemplates(): Array<{ id: string; title: string; language: string; documentType: string; schema: unknown; example: unknown }> {
  return TEMPLATES.map((template) => ({
    id: template.id,
    title: template.title,
    language: template.language,
    documentType: template.documentType,
    schema: z.toJSONSchema(template.schema, { io: 'input', unrepresentable: 'any' }),
    example: template.example,
  }));
}

export interface RenderedDocument {
  bytes: Uint8Array;
  pages: number;
  /** One per signer, in signing order. */
  slots: SignatureSlot[];
}

/**
 * Renders a template's data (already parsed by its schema) to a PDF: A4, fonts subset and
 * embedded, a signature box per signer.
 *
 * @example
 * const template = findTemplate('visit-record.zh-CN')!;
 * const pdf = await renderTemplate(template, template.schema.parse(template.example), { signers: [{ name: '王五' }] });
 */
export async function renderTemplate(template: TemplateDefinition, data: unknown, context: RenderContext, metadata: { creationDate?: Date } = {}): Promise<RenderedDocument> {
  const document = await PDFDocument.create();
  const writer = new PageWriter(document, await embedDocumentFonts(document));
  template.write(writer, data, context);
  document.setTitle(template.title);
  document.setLanguage(template.language);
  document.setProducer('evidence-file-service');
  document.setCreator(`template ${template.id}`);
  // Fixed dates, so the same data gives the same bytes (reference renders, tests).
  const date = metadata.creationDate ?? new Date(0);
  document.setCreationDate(date);
  document.setModificationDate(date);
  // Classic cross-reference tables: later incremental updates append to them.
  const bytes = await document.save({ useObjectStreams: false });
  return { bytes, pages: document.getPageCount(), slots: writer.slots };
}
