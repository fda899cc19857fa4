import type { Debt } from '../core/debt';
import { TABLE_INDEXES, type TableItem, type TableKey } from '../ports/table';

/**
 * Where things live in the single table (DESIGN §3). Every key is built here, so the layout can
 * be read in one place.
 *
 *   DEBT#<id>  META                 the debt
 *   DEBT#<id>  HEAD                 head of its audit chain {seq, hash}
 *   DEBT#<id>  EVT#<seq, 12 digits> audit events
 *   DEBT#<id>  DOC#<id>             documents (metadata; bytes in the BlobStore)
 *   DEBT#<id>  PAY#<id>             payments
 *   DEBT#<id>  LIM#<id>             limitation-relevant events (demands, acknowledgements…)
 *   DEBT#<id>  EXT#<documentId>     the document's extraction: an `Extraction` (core/extraction.ts)
 *                                   spread into the item, plus `documentId`
 *   DEBT#<id>  LIMWARN#<expiresOn>#<days>  a limitation warning sent for that last day and threshold
 *   DEBT#<id>  UPLOAD#<id>          upload sessions for large files
 *   DEBT#<id>  ASSIGNEE#<userId>    one per assigned user; indexed by user (byAssignee)
 *                                   (EXT# also: `job` while a Textract job runs; in byKind under
 *                                   EXTRACTION_OPEN while pending or running)
 *   DEBT#<id>  SIG#<id>             signing requests
 *   DEBT#<id>  PACKET#<id>          litigation packets (DESIGN §10); while building, also in byKind
 *                                   under PACKETS_BUILDING (sk `<debtId>#<id>`), so a restart finds them
 *   DEBT#<id>  SIG#<id>#SIGNER#<id> one per signer: one-time code state; indexed by the SHA-256 of
 *                                   the signer's link token (byToken, partition SIGNTOKEN#<hash>)
 *   BLOB#<sha256> DOC#<debtId>#<id> one per document: finds documents by content (POST /v1/verify)
 *   DEBT#<id>  LIMWARN#<date>#<days> limitation warnings sent (at most one per expiry date and threshold)
 *   TEXTRACT#<jobId> JOB            Textract jobs started for a document, and their completion
 *   CHECKPOINT <at>#<root>          signed audit checkpoints (the signed JSON is a blob)
 *   UPLOAD#<id> UPLOAD              which debt an upload session belongs to (S3 events name only the upload)
 *   USER#<id>  PROFILE              users: name, login, roles, status, scrypt password hash, TOTP
 *                                   secret, `sessionGeneration`; in byKind under USERS
 *   LOGIN#<login> LOGIN             which user a login belongs to (keeps logins unique)
 *   SESSION#<sha256 of token> SESSION  a signed-in session; `expiresAt` (epoch s) is the TTL too
 *   THROTTLE#account|address#<v> THROTTLE  failed sign-ins and lock-out of a login or an address
 *   SYSTEM#setup SETUP              SHA-256 of the one-time first-admin token (gone once used)
 *   SYSTEM#accounts HEAD / EVT#<seq> the accounts audit chain (same layout as a debt's chain)
 *   UNIT#<id>  UNIT                 organisation units (company, subsidiaries, project departments);
 *                                   byKind partition ORG_UNIT
 *   BOOK#<id>  BOOK                 responsibility books (清欠责任书); byKind partition RESP_BOOK
 *   INDICATORS#<year> UNIT#<unitId> a unit's annual task indicator, decomposed to persons
 *   SETTINGS   COMMISSION_RATES     commission rates and age bands (defaults until first set)
 *   (PAY# items also sit in byKind under PAYMENT, sort `<date>#<debtId>#<paymentId>`, so
 *   management reports read a period's payments without visiting every debt)
 *   IDEM#<userId>#<key> IDEM        idempotency records; `expiresAt` (epoch seconds) is the DynamoDB
 *                                   TTL attribute, so no other item may hold a number there
 */
export const debtPartition = (debtId: string): string => `DEBT#${debtId}`;

/** The head and events of an audit chain in any partition: a debt's, or a system chain. */
export const chainKeys = {
  head: (partition: string): TableKey => ({ pk: partition, sk: 'HEAD' }),
  event: (partition: string, seq: number): TableKey => ({ pk: partition, sk: `EVT#${String(seq).padStart(12, '0')}` }),
};

/** The system chain of accounts: sign-ins, failures, role changes, disables (same layout as a debt's chain). */
export const ACCOUNTS_CHAIN = 'SYSTEM#accounts';

export const keys = {
  debt: (debtId: string): TableKey => ({ pk: debtPartition(debtId), sk: 'META' }),
  head: (debtId: string): TableKey => chainKeys.head(debtPartition(debtId)),
  event: (debtId: string, seq: number): TableKey => chainKeys.event(debtPartition(debtId), seq),
  document: (debtId: string, documentId: string): TableKey => ({ pk: debtPartition(debtId), sk: `DOC#${documentId}` }),
  payment: (debtId: string, paymentId: string): TableKey => ({ pk: debtPartition(debtId), sk: `PAY#${paymentId}` }),
  limitationEvent: (debtId: string, eventId: string): TableKey => ({ pk: debtPartition(debtId), sk: `LIM#${eventId}` }),
  extraction: (debtId: string, documentId: string): TableKey => ({ pk: debtPartition(debtId), sk: `EXT#${documentId}` }),
  limitationWarning: (debtId: string, expiresOn: string, threshold: number): TableKey => ({
    pk: debtPartition(debtId),
    sk: `LIMWARN#${expiresOn}#${String(threshold).padStart(3, '0')}`,
  }),
  upload: (debtId: string, uploadId: string): TableKey => ({ pk: debtPartition(debtId), sk: `UPLOAD#${uploadId}` }),
  textractJob: (jobId: string): TableKey => ({ pk: `TEXTRACT#${jobId}`, sk: 'JOB' }),
  uploadOwner: (uploadId: string): TableKey => ({ pk: `UPLOAD#${uploadId}`, sk: 'UPLOAD' }),
  assignee: (debtId: string, userId: string): TableKey => ({ pk: debtPartition(debtId), sk: `ASSIGNEE#${userId}` }),
  signingRequest: (debtId: string, requestId: string): TableKey => ({ pk: debtPartition(debtId), sk: `SIG#${requestId}` }),
  packet: (debtId: string, packetId: string): TableKey => ({ pk: debtPartition(debtId), sk: `PACKET#${packetId}` }),
  signer: (debtId: string, requestId: string, signerId: string): TableKey => ({ pk: debtPartition(debtId), sk: `SIG#${requestId}#SIGNER#${signerId}` }),
  documentByContent: (sha256: string, debtId: string, documentId: string): TableKey => ({ pk: blobPartition(sha256), sk: `DOC#${debtId}#${documentId}` }),
  user: (userId: string): TableKey => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  userLogin: (login: string): TableKey => ({ pk: `LOGIN#${login}`, sk: 'LOGIN' }),
  session: (tokenHash: string): TableKey => ({ pk: `SESSION#${tokenHash}`, sk: 'SESSION' }),
  signInThrottle: (scope: 'account' | 'address', value: string): TableKey => ({ pk: `THROTTLE#${scope}#${value}`, sk: 'THROTTLE' }),
  setupToken: (): TableKey => ({ pk: 'SYSTEM#setup', sk: 'SETUP' }),
  idempotency: (scope: string, key: string): TableKey => ({ pk: `IDEM#${scope}#${key}`, sk: 'IDEM' }),
  unit: (unitId: string): TableKey => ({ pk: `UNIT#${unitId}`, sk: 'UNIT' }),
  book: (bookId: string): TableKey => ({ pk: `BOOK#${bookId}`, sk: 'BOOK' }),
  indicator: (year: number, unitId: string): TableKey => ({ pk: indicatorPartition(year), sk: `UNIT#${unitId}` }),
  commissionRates: (): TableKey => ({ pk: 'SETTINGS', sk: 'COMMISSION_RATES' }),
};

/** Partition of one year's task indicators. */
export const indicatorPartition = (year: number): string => `INDICATORS#${year}`;
/** byKind partitions of units, responsibility books and payments. */
export const KIND_UNIT = 'ORG_UNIT';
export const KIND_BOOK = 'RESP_BOOK';
export const KIND_PAYMENT = 'PAYMENT';

/** The byKind attributes of a payment item: the index sorts payments by date. */
export const paymentIndex = (debtId: string, paymentId: string, date: string): { gsi4pk: string; gsi4sk: string } => ({ gsi4pk: KIND_PAYMENT, gsi4sk: `${date}#${debtId}#${paymentId}` });

export const SK_PREFIX = { event: 'EVT#', document: 'DOC#', payment: 'PAY#', limitationEvent: 'LIM#', extraction: 'EXT#', limitationWarning: 'LIMWARN#', packet: 'PACKET#' } as const;

/** Partition values of the byKind and byExpiry indexes. */
export const KIND_DEBT = 'DEBT';
/** byKind partition of extractions still to run (re-queued when the embedded service starts). */
export const KIND_OPEN_EXTRACTION = 'EXTRACTION_OPEN';
export const EXPIRY_PARTITION = 'EXPIRY';
/** byKind partition of packets still building. */
export const KIND_PACKET_BUILDING = 'PACKETS_BUILDING';
/** byKind partition of every user account. */
export const KIND_USER = 'USERS';
export const userPartition = (userId: string): string => `USER#${userId}`;
/** Partition of the documents whose blob has this SHA-256. */
export const blobPartition = (sha256: string): string => `BLOB#${sha256}`;
/** byToken partition of a signer, by the SHA-256 (hex) of its link token. */
export const signingTokenPartition = (tokenHash: string): string => `SIGNTOKEN#${tokenHash}`;

/** Strips the key and index attributes from a stored item, leaving the domain object. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const rest = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete rest[attribute];
  return rest as T;
}

/** The table key and every index key attribute: storage details, not part of domain objects. */
const KEY_ATTRIBUTES = ['pk', 'sk', ...Object.values(TABLE_INDEXES).flatMap((index) => [index.pk, index.sk])];

/**
 * The stored item of a debt with its index attributes. It sits in the byExpiry index under the
 * last day of its limitation snapshot (`<expiresOn>#<id>`) unless it is closed or has no last day.
 */
/** byExpiry sort-key prefix of open debts whose limitation period has no computable last day. */
export const ATTENTION_PREFIX = 'ATTENTION#';

export function debtItem(debt: Debt): TableItem {
  const expiresOn = debt.limitationSnapshot?.expiresOn;
  return {
    ...keys.debt(debt.id),
    ...debt,
    gsi4pk: KIND_DEBT,
    gsi4sk: debt.id,
    // Open debts without a computable last day sit under ATTENTION# (after every date): listed as needing attention.
    ...(debt.status === 'closed' || !debt.limitationSnapshot ? {} : { gsi2pk: EXPIRY_PARTITION, gsi2sk: expiresOn ? `${expiresOn}#${debt.id}` : `${ATTENTION_PREFIX}${debt.id}` }),
  };
}
