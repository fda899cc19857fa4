import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import canonicalize from 'canonicalize';

/** Where the WORM mirror of the audit trail lives in the evidence bucket. */
export const AUDIT_MIRROR_PREFIX = 'audit/';
/** The log message the tampering alarm counts (infra/lib/evidence-stack.ts). */
export const AUDIT_TAMPER_MESSAGE = 'audit event changed in the table';

const DAY_MS = 24 * 60 * 60 * 1000;
const EVENT_KEY = /^DEBT#(.+)$/;
const EVENT_SORT_KEY = /^EVT#(\d{12})$/;

export type MirrorOutcome =
  /** The event was copied into the bucket. */
  | { status: 'mirrored'; key: string }
  /** The same event is there already (a retried stream record). */
  | { status: 'unchanged'; key: string }
  /** The table's event differs from the mirrored one, or was changed or removed: the change is kept beside it. */
  | { status: 'tampered'; key: string; change: string }
  /** Not an audit event. */
  | { status: 'skipped' };

export interface AuditMirrorOptions {
  client: S3Client;
  /** The Object Lock bucket (the evidence bucket). */
  bucket: string;
  /** COMPLIANCE retention of each mirror object in days; 0 leaves it to the bucket default (emulators). */
  retentionDays: number;
  now?: () => Date;
}

/**
 * The WORM mirror of the audit trail (DESIGN §3 chain events, `DEBT#<id> / EVT#<seq>` items): each
 * event the table's stream delivers is written once, as canonical JSON, to
 * `audit/<debtId>/<seq>.json` in the Object Lock bucket, with COMPLIANCE retention and
 * `If-None-Match: *`. An event is never changed or removed in the table by the service, so a
 * `MODIFY` or `REMOVE` record, or an `INSERT` that differs from the mirrored copy, is tampering:
 * the new state is written beside the original (`<seq>.<change>.<stream sequence>.json`) and
 * reported, and the original stays. A checkpoint's heads can thus be checked against the mirror
 * even if the table was rewritten.
 *
 * @example
 * const mirror = new AuditMirror({ client: new S3Client({}), bucket: 'evidence', retentionDays: 3650 });
 * for (const record of event.Records) await mirror.mirror(record);
 */
export class AuditMirror {
  constructor(private readonly options: AuditMirrorOptions) {}

  async mirror(record: DynamoDBRecord): Promise<MirrorOutcome> {
    const keys = record.dynamodb?.Keys && unmarshall(record.dynamodb.Keys as never);
    const debtId = EVENT_KEY.exec(String(keys?.pk ?? ''))?.[1];
    const seq = EVENT_SORT_KEY.exec(String(keys?.sk ?? ''))?.[1];
    if (!debtId || !seq) return { status: 'skipped' };
    const key = `${AUDIT_MIRROR_PREFIX}${encodeURIComponent(debtId)}/${seq}.json`;
    const image = record.dynamodb?.NewImage && unmarshall(record.dynamodb.NewImage as never);
    const body = canonicalize(image ?? keys) as string;
    if (record.eventName === 'INSERT') {
      const existing = await this.read(key);
      if (existing === undefined) {
        if (await this.write(key, body)) return { status: 'mirrored', key };
        // Written meanwhile by a concurrent retry: compare with that.
      }
      if ((existing ?? (await this.read(key))) === body) return { status: 'unchanged', key };
    }
    const change = (record.eventName ?? 'CHANGE').toLowerCase();
    const changeKey = `${key.slice(0, -'.json'.length)}.${change}.${record.dynamodb?.SequenceNumber ?? 'unknown'}.json`;
    await this.write(changeKey, body);
    return { status: 'tampered', key, change: changeKey };
  }

  private async read(key: string): Promise<string | undefined> {
    try {
      const answer = await this.options.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return await answer.Body?.transformToString('utf8');
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  }

  /** Writes an object unless it exists; false when it existed (412). */
  private async write(key: string, body: string): Promise<boolean> {
    const retention =
      this.options.retentionDays > 0
        ? { ObjectLockMode: 'COMPLIANCE' as const, ObjectLockRetainUntilDate: new Date((this.options.now?.() ?? new Date()).getTime() + this.options.retentionDays * DAY_MS) }
        : {};
    try {
      await this.options.client.send(
        new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: body, ContentType: 'application/json', IfNoneMatch: '*', ChecksumAlgorithm: 'SHA256', ...retention }),
      );
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
      if (status === 412 || status === 409) return false;
      throw error;
    }
  }
}
