import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtractionFailedError, type ExtractionInput, type Extractor, type ExtractorOutput } from './extractor';

export interface ExtractorFixture {
  extractor: Extractor;
  /** A document the engine can read, and a piece of text it must find in it. */
  readable: { input: ExtractionInput; expectText: string };
  /** A document the engine cannot read. */
  unreadable: ExtractionInput;
  teardown?: () => Promise<void>;
}

/**
 * What every Extractor adapter must do (DESIGN §6): give text lines with their provenance (page
 * within the document, box inside the page, confidence 0–1, engine), and fail with
 * ExtractionFailedError — never another error — on a document it cannot read.
 */
export function extractorContract(name: string, setup: () => Promise<ExtractorFixture>): void {
  describe(`Extractor contract: ${name}`, () => {
    let fixture: ExtractorFixture;
    beforeAll(async () => {
      fixture = await setup();
    });
    afterAll(async () => {
      await fixture.teardown?.();
      await fixture.extractor.close?.();
    });

    it('reads lines with where each came from', async () => {
      // Act
      let result = await fixture.extractor.extract(fixture.readable.input);
      if (result.status === 'started') result = await (fixture.extractor.complete as NonNullable<Extractor['complete']>)(result);
      const output = result as ExtractorOutput;
      // Assess
      expect(output.engine).not.toBe('');
      expect(output.lines.map((line) => line.text.replace(/\s+/gu, '')).join('\n')).toContain(fixture.readable.expectText.replace(/\s+/gu, ''));
      for (const line of output.lines) {
        expect(line.page).toBeGreaterThanOrEqual(1);
        expect(line.page).toBeLessThanOrEqual(fixture.readable.input.pages);
        expect(line.confidence).toBeGreaterThanOrEqual(0);
        expect(line.confidence).toBeLessThanOrEqual(1);
        expect(output.engine.split('+')).toContain(line.engine);
        if (line.bbox) {
          for (const value of Object.values(line.bbox)) expect(value).toBeGreaterThanOrEqual(0);
          expect(line.bbox.left + line.bbox.width).toBeLessThanOrEqual(1.0001);
          expect(line.bbox.top + line.bbox.height).toBeLessThanOrEqual(1.0001);
        }
      }
    });

    it('fails with ExtractionFailedError and a reason on a document it cannot read', async () => {
      const attempt = (async () => {
        const result = await fixture.extractor.extract(fixture.unreadable);
        return result.status === 'started' ? (fixture.extractor.complete as NonNullable<Extractor['complete']>)(result) : result;
      })();
      await expect(attempt).rejects.toBeInstanceOf(ExtractionFailedError);
      await expect(attempt).rejects.toThrow(/\w{4,}/u);
    });
  });
}
