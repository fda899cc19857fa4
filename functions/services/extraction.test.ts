import { GetDocumentAnalysisCommand, StartDocumentAnalysisCommand, TextractClient } from '@aws-sdk/client-textract';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextractExtractor } from '../adapters/textract/textract-extractor';
import { jobOfNotification } from '../adapters/textract/textract-response';
import type { Extractor } from '../ports/extractor';
import { ONE_PIXEL_PNG } from '../testing/pdfs';
import { type Harness, startHarness } from '../testing/harness';
import { ExtractionService, openExtractions } from './extraction';

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', 'adapters', 'textract', 'fixtures', name), 'utf8'));

let h: Harness;
let debtId: string;
beforeAll(async () => {
  // Extraction "off" in the app: these tests drive the service by hand, as the AWS Lambdas do.
  h = await startHarness();
  debtId = (await h.createDebt()).id;
});
afterAll(async () => h.dispose());

/** Stores a visit record whose extraction is pending, as an upload with an extractor wired would. */
async function pendingVisitRecord(extractor: Extractor): Promise<{ service: ExtractionService; documentId: string }> {
  const service = new ExtractionService(h.table, h.blobs, h.clock, extractor);
  const { DocumentService } = await import('./documents');
  const documents = new DocumentService(h.table, h.blobs, h.clock, { maxInlineBytes: 1e7, maxSessionBytes: 1e8, uploadUrlSeconds: 60 }, true);
  const debt = (await (await h.as('legal-1').get(`/v1/debts/${debtId}`)).json()) as never;
  const document = await documents.add({ id: 'collector-1', name: 'Collector', roles: ['collector'] }, debt, { type: 'visit_record' }, { bytes: ONE_PIXEL_PNG, filename: 'scan.png', contentType: 'image/png' });
  return { service, documentId: document.id };
}

describe('ExtractionService with an asynchronous engine (the AWS Lambdas)', () => {
  it('waits for the Textract job, ignores an early or repeated notice, then finishes the extraction', async () => {
    // Prepare: a multi-page scan in English goes to an asynchronous job.
    const client = new TextractClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const textract = mockClient(client);
    textract.on(StartDocumentAnalysisCommand).resolves({ JobId: 'job-42' });
    textract.on(GetDocumentAnalysisCommand).resolvesOnce(fixture('test-inprogress-response.json')).resolves(fixture('test_signature.json'));
    const english = [{ page: 1, text: 'Visit record. Outstanding balance: USD 1,000.00', confidence: 0.9, engine: 'tesseract' }];
    const local = { readPdf: async () => english, readImage: async () => english, readTextLayer: async () => [] };
    const extractor = new TextractExtractor({ client, local, s3: { bucket: 'b', key: (sha) => sha } });
    const { service, documentId } = await pendingVisitRecord({ extract: (input) => extractor.extract({ ...input, contentType: 'application/pdf', pages: 3 }), complete: (job) => extractor.complete(job) });
    // Act
    const started = await service.run({ debtId, documentId });
    const notice = jobOfNotification(JSON.stringify({ JobId: 'job-42', Status: 'SUCCEEDED', API: 'StartDocumentAnalysis' }));
    const early = await service.completeJob(notice!.jobId);
    const finished = await service.completeJob(notice!.jobId);
    const repeated = await service.completeJob(notice!.jobId);
    // Assess
    expect([started, early, finished, repeated]).toEqual(['running', 'running', 'done', 'done']);
    expect(await service.completeJob('no-such-job')).toBeUndefined();
    const extraction = await service.get(debtId, documentId);
    expect(extraction.fields.find((f) => f.name === 'signature_present')).toMatchObject({ value: 'true', engine: 'textract' });
    const actions = ((await (await h.as('legal-1').get(`/v1/debts/${debtId}/audit?limit=500`)).json()).items as Array<{ action: string; details: { jobId?: string } }>).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('extraction.'))).toEqual(['extraction.started', 'extraction.job_started', 'extraction.completed']);
    expect([...(await collect(openExtractions(h.table)))].some((job) => job.documentId === documentId)).toBe(false);
  });

  it('records an engine that breaks as a failure with its reason, and never throws', async () => {
    // Prepare
    const { service, documentId } = await pendingVisitRecord({
      extract: async () => {
        throw new TypeError('engine exploded');
      },
    });
    // Act
    const status = await service.run({ debtId, documentId });
    // Assess
    expect(status).toBe('failed');
    expect(await service.get(debtId, documentId)).toMatchObject({ status: 'failed', reason: 'the extraction engine failed: engine exploded' });
    expect(await service.run({ debtId, documentId })).toBe('failed');
    expect((await (await h.as('auditor-1').get(`/v1/debts/${debtId}/audit/verify`)).json()).valid).toBe(true);
  });

  it('stores a seal an engine saw as a seal_present suggestion, which a reviewer confirms and a new run keeps', async () => {
    // Prepare: an engine that read a visit record and saw one red seal on it.
    const seal = { page: 1, bbox: { left: 0.61, top: 0.67, width: 0.19, height: 0.13 }, confidence: 0.92, engine: 'local-marks' };
    const lines = [{ page: 1, text: '尚欠金额：¥12,000.00', confidence: 0.9, engine: 'tesseract' }];
    const { service, documentId } = await pendingVisitRecord({ extract: async () => ({ status: 'done', engine: 'tesseract', lines, seals: { engine: 'local-marks', pages: [1], found: [seal] } }) });
    const debt = (await (await h.as('legal-1').get(`/v1/debts/${debtId}`)).json()) as never;
    // Act
    await service.run({ debtId, documentId });
    const suggested = (await service.get(debtId, documentId)).fields.find((f) => f.name === 'seal_present');
    const reviewed = await service.review({ id: 'legal-1', role: 'legal' }, debt, documentId, { fields: [{ name: 'seal_present', value: 'false' }] });
    // Assess: the suggestion carries the seal's page and box; the reviewer's "no" is what counts.
    expect(suggested).toMatchObject({ value: 'true', confidence: 0.92, page: 1, bbox: seal.bbox, engine: 'local-marks', reviewed: false });
    expect(reviewed.fields.find((f) => f.name === 'seal_present')).toMatchObject({ value: 'false', reviewed: true, reviewedBy: 'legal-1', extractedValue: 'true', bbox: seal.bbox });
  });

  it('reads a notification that is not Textract as no job', () => {
    expect(jobOfNotification('not json')).toBeUndefined();
    expect(jobOfNotification('{"JobId":1}')).toBeUndefined();
  });
});

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}
