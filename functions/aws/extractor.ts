import { TextractClient } from '@aws-sdk/client-textract';
import { LocalExtractor } from '../adapters/local-extractor/local-extractor';
import { evidenceKey } from '../adapters/s3/s3-blob-store';
import { TextractExtractor } from '../adapters/textract/textract-extractor';
import type { AwsConfig } from './config';

/**
 * The Extractor of the AWS functions (DESIGN §6; kept apart from the other adapters so that only
 * the extraction functions bundle OCR): Textract, with the PDF text layer and local OCR
 * (Tesseract) for Chinese scans. Scanned PDF pages are not rendered by poppler, which Lambda does
 * not have: OCR reads the scan image embedded in each page (README "Decisions").
 *
 * @example
 * const extractor = awsExtractor(config);
 */
export function awsExtractor(config: AwsConfig): TextractExtractor {
  return new TextractExtractor({
    // Textract throttles at a few transactions per second: the SDK's adaptive mode backs off and
    // slows its own rate on ThrottlingException / ProvisionedThroughputExceededException.
    client: new TextractClient({ retryMode: 'adaptive', maxAttempts: 8 }),
    local: new LocalExtractor({ renderer: 'embedded-images' }),
    s3: { bucket: config.evidenceBucket, key: evidenceKey },
    ...(config.textractNotification ? { notification: config.textractNotification } : {}),
  });
}

