import Decimal from 'decimal.js';
import type { Jurisdiction } from '../debt';
import { AMOUNT_DOCUMENT_TYPES, type DocumentType } from '../document-types';
import type { DebtorSignature, ExtractionStatus } from '../extraction';
import { type DocumentExtraction, MONEY_FIELDS, type PrincipalBasis } from '../ledger/basis';
import { REGIMES } from '../limitation/regimes';
import type { LimitationResult } from '../limitation/types';
import { formatMoney } from '../money';
import { isValidUscc } from '../uscc';

/**
 * Litigation readiness (DESIGN §8): ten checks over facts gathered elsewhere, each pass, warn or
 * fail with the documents behind it and, where one applies, its legal basis. Pure: the service
 * reads the facts, this decides.
 */
export type CheckId =
  | 'parties'
  | 'contract'
  | 'amount_basis'
  | 'performance'
  | 'payments'
  | 'demand'
  | 'limitation'
  | 'integrity'
  | 'extraction_reviewed'
  | 'responsibility';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface ReadinessCheck {
  id: CheckId;
  status: CheckStatus;
  title: string;
  detail: string;
  documentIds: string[];
  basis?: string;
}

export interface ReadinessReport {
  /** No check fails. */
  ready: boolean;
  /** pass = 1, warn = 0.5, fail = 0, scaled to 100 and rounded. */
  score: number;
  checks: ReadinessCheck[];
}

export interface ReadinessDocument {
  id: string;
  type: DocumentType;
  status: 'active' | 'void';
  supersededBy?: string;
  signedByDebtor?: DebtorSignature;
  /** The date typed at upload, if any. */
  documentDate?: string;
  extraction: { status: ExtractionStatus };
}

/** What verification found: the audit chain, the stored blobs, the seals of sealed PDFs. */
export interface IntegrityFacts {
  chain: { valid: boolean; length: number; firstInvalidSeq?: number; reason?: string };
  /** Document ids whose blob no longer hashes to the stored SHA-256. */
  mismatchedDocumentIds: readonly string[];
  blobsChecked: number;
  /** One result per sealed document, or `not_available` when no seal verifier is wired. */
  seals: 'not_available' | ReadonlyArray<{ documentId: string; valid: boolean; detail: string }>;
}

export interface ReadinessFacts {
  debtor: { name: string; uscc?: string };
  jurisdiction: Jurisdiction;
  currency: string;
  collector?: string;
  claimedPrincipal: string | null;
  documents: readonly ReadinessDocument[];
  extractions: readonly DocumentExtraction[];
  basis: PrincipalBasis;
  payments: ReadonlyArray<{ id: string; amount: string; date: string; documentId?: string; evidenced: boolean }>;
  outstandingOnBasis: string | null;
  limitation: Pick<LimitationResult, 'regime' | 'status' | 'startsOn' | 'expiresOn' | 'daysLeft' | 'events' | 'warnings'> & Partial<Pick<LimitationResult, 'claimable'>>;
  integrity: IntegrityFacts;
}

/** Differences beyond either bound fail (DESIGN §8 check 3); the absolute bound applies to CNY. */
export const AMOUNT_TOLERANCE = { ratio: new Decimal('0.005'), cny: new Decimal('1000') };

const SCORE: Record<CheckStatus, number> = { pass: 1, warn: 0.5, fail: 0 };

/**
 * Runs the ten checks of DESIGN §8 in their order.
 *
 * @example
 * const report = assessReadiness(facts);
 * report.ready // false while any check fails
 */
export function assessReadiness(facts: ReadinessFacts): ReadinessReport {
  const standing = facts.documents.filter((d) => d.status === 'active' && !d.supersededBy);
  const context = { facts, standing, reviewed: reviewedFieldsByDocument(facts.extractions) };
  const checks = [parties, contract, amountBasis, performance, payments, demand, limitation, integrity, extractionReviewed, responsibility].map((check) => check(context));
  const score = Math.round((checks.reduce((sum, check) => sum + SCORE[check.status], 0) / checks.length) * 100);
  return { ready: checks.every((check) => check.status !== 'fail'), score, checks };
}

interface Context {
  facts: ReadinessFacts;
  standing: readonly ReadinessDocument[];
  /** Reviewed field values by document id and field name. */
  reviewed: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

const result = (id: CheckId, title: string, status: CheckStatus, detail: string, documentIds: readonly string[] = [], basis?: string): ReadinessCheck => ({
  id,
  status,
  title,
  detail,
  documentIds: [...new Set(documentIds)],
  ...(basis ? { basis } : {}),
});

function parties({ facts }: Context): ReadinessCheck {
  const check = (status: CheckStatus, detail: string) =>
    result('parties', 'Parties identified', status, detail, [], 'Civil Procedure Law: a suit names a clearly identified defendant; Unified Social Credit Code per GB 32100-2015');
  if (!facts.debtor.name.trim()) return check('fail', 'the debtor has no legal name');
  if (facts.debtor.uscc !== undefined && !isValidUscc(facts.debtor.uscc)) return check('fail', `the debtor's USCC ${facts.debtor.uscc} is not valid (check character)`);
  // A debt under the PRC regime is taken to be owed by a PRC entity, which has a USCC.
  if (facts.jurisdiction === 'CN' && facts.debtor.uscc === undefined) return check('fail', `a PRC debtor is identified by its 18-character USCC; none is recorded for ${facts.debtor.name}`);
  return check('pass', `${facts.debtor.name}${facts.debtor.uscc ? `, USCC ${facts.debtor.uscc}` : ''}`);
}

function contract({ standing, reviewed }: Context): ReadinessCheck {
  const contracts = standing.filter((d) => d.type === 'contract');
  const ids = contracts.map((d) => d.id);
  const check = (status: CheckStatus, detail: string) =>
    result('contract', 'Signed contract with a reviewed total', status, detail, ids, 'Civil Code Art. 490: a written contract is formed when the parties sign, seal or fingerprint it');
  if (contracts.length === 0) return check('fail', 'no contract is on file');
  const withTotal = contracts.filter((d) => reviewed.get(d.id)?.has('total_amount'));
  if (withTotal.length === 0) return check('fail', 'the contract\'s total amount has not been reviewed');
  if (!withTotal.some((d) => signed(d, reviewed))) return check('warn', 'the contract\'s total is reviewed, but no signature on it is confirmed (a sealed signature, or a reviewed signature_present)');
  return check('pass', `contract ${withTotal.find((d) => signed(d, reviewed))?.id} is signed, total ${reviewed.get(withTotal[0]?.id ?? '')?.get('total_amount')}`);
}

function amountBasis({ facts, standing }: Context): ReadinessCheck {
  const counted = facts.basis.lines.filter((l) => l.counted).map((l) => l.documentId);
  const flagged = facts.extractions.filter((e) => e.extraction.warnings.length > 0 && standing.some((d) => d.id === e.documentId && AMOUNT_DOCUMENT_TYPES.includes(d.type)));
  const check = (status: CheckStatus, detail: string) =>
    result('amount_basis', 'Claimed principal supported by reviewed amounts', status, detail, [...counted, ...flagged.map((e) => e.documentId)], 'SPC Interpretation of the Civil Procedure Law Art. 90: a party proves the facts its claim rests on');
  if (facts.claimedPrincipal === null) return check('fail', 'the debt states no principal');
  if (facts.basis.amount === null) return check('fail', `claimed ${facts.claimedPrincipal} ${facts.currency}, but no reviewed settlement or contract total supports it`);
  const claimed = new Decimal(facts.claimedPrincipal);
  const basis = new Decimal(facts.basis.amount);
  const difference = claimed.minus(basis).abs();
  const ratioLimit = basis.abs().times(AMOUNT_TOLERANCE.ratio);
  const over = difference.gt(ratioLimit) || (facts.currency === 'CNY' && difference.gt(AMOUNT_TOLERANCE.cny));
  const what = `claimed ${facts.claimedPrincipal}, ${facts.basis.kind} basis ${facts.basis.amount} ${facts.currency}`;
  const warnings = [
    ...flagged.flatMap((e) => e.extraction.warnings.map((w) => `${e.documentId}: ${w}`)),
    ...facts.basis.lines.filter((l) => l.reduction).map((l) => `${l.documentId}: reviewed as an addition, but ${l.note}`),
  ];
  if (over) return check('fail', `${what}: they differ by ${formatMoney(difference)}, beyond 0.5%${facts.currency === 'CNY' ? ' or CNY 1,000' : ''}`);
  if (warnings.length > 0) return check('warn', `${what}; extraction warnings (e.g. figure and uppercase amounts disagree, a reduction reviewed as an addition): ${warnings.join('; ')}`);
  if (!difference.isZero()) return check('warn', `${what}: they differ by ${formatMoney(difference)}, within the tolerance`);
  return check('pass', `${what}: they agree`);
}

function performance({ standing, reviewed }: Context): ReadinessCheck {
  const acceptance = standing.filter((d) => d.type === 'completion_acceptance');
  const settlements = standing.filter((d) => d.type === 'settlement');
  const signedSettlements = settlements.filter((d) => signed(d, reviewed));
  const check = (status: CheckStatus, detail: string, ids: string[]) =>
    result('performance', 'Performance shown', status, detail, ids, 'Civil Code Art. 799: the price is due once the completed works pass acceptance');
  if (acceptance.length > 0 || signedSettlements.length > 0) {
    return check('pass', [acceptance.length ? `${acceptance.length} completion acceptance record(s)` : '', signedSettlements.length ? `a settlement signed by the debtor` : ''].filter(Boolean).join(' and '), [...acceptance, ...signedSettlements].map((d) => d.id));
  }
  if (settlements.length > 0) return check('warn', 'a settlement is on file, but the debtor\'s signature on it is not confirmed', settlements.map((d) => d.id));
  return check('fail', 'no completion acceptance and no settlement signed by the debtor', []);
}

function payments({ facts, standing, reviewed }: Context): ReadinessCheck {
  const slips = facts.payments.flatMap((p) => (p.evidenced && p.documentId ? [p.documentId] : []));
  const differing = acknowledgedBalances(facts, standing, reviewed).filter((a) => a.ledger !== null && !new Decimal(a.balance).eq(a.ledger));
  const check = (status: CheckStatus, detail: string) =>
    result('payments', 'Payments and outstanding balance', status, detail, [...slips, ...differing.map((a) => a.documentId)], 'Civil Code Art. 579: a party that has not paid may be required to pay');
  const paid = formatMoney(facts.payments.reduce((sum, p) => sum.plus(p.amount), new Decimal(0)));
  const summary = `${facts.payments.length} payment(s) recorded, ${paid} ${facts.currency} paid`;
  if (facts.outstandingOnBasis === null) return check('warn', `${summary}; the outstanding balance cannot be checked without a principal basis`);
  if (new Decimal(facts.outstandingOnBasis).lte(0)) return check('fail', `${summary}; nothing is outstanding on the basis (${facts.outstandingOnBasis})`);
  const problems: string[] = [];
  const unproved = facts.payments.filter((p) => !p.evidenced);
  if (unproved.length > 0) problems.push(`${unproved.length} payment(s) without a payment record on file`);
  for (const a of differing) {
    problems.push(`${a.type} ${a.documentId} acknowledges ${a.balance}${a.date ? ` as of ${a.date}` : ''}, but the ledger's outstanding${a.date ? ' on that day' : ''} is ${a.ledger}: find the payment or amount that explains the difference before filing`);
  }
  if (problems.length > 0) return check('warn', `${summary}; outstanding ${facts.outstandingOnBasis}; ${problems.join('; ')}`);
  return check('pass', `${summary}; outstanding ${facts.outstandingOnBasis}`);
}

/**
 * Each reviewed acknowledged balance with the ledger's outstanding on its date (basis less the
 * payments made by then): the date reviewed on the document (balance date, else document date),
 * else the date typed at upload, else today (every payment).
 */
function acknowledgedBalances(facts: ReadinessFacts, standing: readonly ReadinessDocument[], reviewed: Context['reviewed']) {
  return standing.flatMap((document) => {
    const fields = reviewed.get(document.id);
    const balance = fields?.get('acknowledged_balance');
    if (!balance || !/^\d+(\.\d+)?$/.test(balance)) return [];
    const date = fields?.get('balance_date') ?? fields?.get('document_date') ?? document.documentDate;
    const paidBy = facts.payments.filter((p) => date === undefined || p.date <= date).reduce((sum, p) => sum.plus(p.amount), new Decimal(0));
    return [{ documentId: document.id, type: document.type, balance, date, ledger: facts.basis.amount === null ? null : formatMoney(new Decimal(facts.basis.amount).minus(paidBy)) }];
  });
}

function demand({ facts }: Context): ReadinessCheck {
  const relevant = facts.limitation.events.filter((e) => e.type === 'demand' || e.type === 'acknowledgement' || e.type === 'repayment_plan');
  // Proof is what matters here: a proved demand shows the debt was claimed even where it does not
  // restart time (GB-EAW, US-NY), and a demand that only set the start (SPC Art. 4) needs proof too.
  const proved = relevant.filter((e) => e.proved);
  const check = (status: CheckStatus, detail: string) =>
    result('demand', 'Demand or acknowledgement on file', status, detail, proved.flatMap((e) => (e.documentId ? [e.documentId] : [])), facts.limitation.regime === 'CN' ? 'Civil Code Art. 195; SPC Limitation Provisions Arts. 8, 14' : REGIMES[facts.limitation.regime].restarts.acknowledgement);
  if (proved.length > 0) return check('pass', `${proved.length} proved: ${proved.map((e) => `${e.type} of ${e.date}`).join(', ')}`);
  // Not a filing prerequisite: a claim may be filed without a prior demand; what it changes is
  // the limitation period, which the limitation check weighs. So this warns, never fails.
  if (relevant.length > 0) return check('warn', `none proved: ${relevant.map((e) => `${e.type} of ${e.date}: ${e.reason}`).join('; ')}`);
  return check('warn', 'no demand or acknowledgement is recorded (not a filing prerequisite; the limitation check weighs the period)');
}

function limitation({ facts }: Context): ReadinessCheck {
  const l = facts.limitation;
  const regime = REGIMES[l.regime];
  const caveat = l.warnings.length > 0 ? `; ${l.warnings.join('; ')}` : '';
  const check = (status: CheckStatus, detail: string) => result('limitation', 'Limitation period', status, `${detail}${caveat}`, [], regime.period);
  const ends = `ends on ${l.expiresOn}, ${l.daysLeft} days left`;
  switch (l.status) {
    case 'expired':
      return check('fail', `expired on ${l.expiresOn}: ${regime.barred}`);
    case 'expiring':
      return check('warn', `expiring: ${ends}`);
    case 'partly_expired':
      // Each instalment accrues separately (GB-EAW s.5; US-NY): only the part not barred may be claimed.
      return check('warn', `partly expired: ${l.claimable?.barred ?? '?'} is barred; claim only the claimable part, ${l.claimable?.amount ?? '?'}; the next last day ${ends}`);
    case 'suspended':
      return check('warn', 'suspended (an obstacle or pending proceedings): see the limitation explanation');
    case 'not_started':
      return check('warn', l.startsOn === null ? 'the period has not started: no due date is recorded' : `not yet due: time runs after ${l.startsOn}`);
    default:
      return check('pass', `${l.status}: ${ends}`);
  }
}

function integrity({ facts, standing }: Context): ReadinessCheck {
  const { chain, mismatchedDocumentIds, blobsChecked, seals } = facts.integrity;
  const sealed = standing.filter((d) => d.signedByDebtor?.method === 'sealed').map((d) => d.id);
  const check = (status: CheckStatus, detail: string, ids: readonly string[]) =>
    result('integrity', 'Evidence integrity', status, detail, ids, 'Electronic Signature Law Arts. 13, 14; SPC Provisions on Evidence in Civil Proceedings Arts. 93, 94 (authenticity of electronic data)');
  const problems: string[] = [];
  if (!chain.valid) problems.push(`the audit chain does not verify from event ${chain.firstInvalidSeq}${chain.reason ? ` (${chain.reason})` : ''}`);
  if (mismatchedDocumentIds.length > 0) problems.push(`${mismatchedDocumentIds.length} document(s) no longer match their SHA-256`);
  const badSeals = seals === 'not_available' ? [] : seals.filter((s) => !s.valid);
  for (const seal of badSeals) problems.push(`the seal of ${seal.documentId} does not verify: ${seal.detail}`);
  if (problems.length > 0) return check('fail', problems.join('; '), [...mismatchedDocumentIds, ...badSeals.map((s) => s.documentId)]);
  const verified = `audit chain of ${chain.length} events verifies; ${blobsChecked} stored file(s) re-hash to their SHA-256`;
  if (sealed.length > 0 && seals === 'not_available') return check('warn', `${verified}; seal verification not available for ${sealed.length} sealed document(s)`, sealed);
  return check('pass', sealed.length > 0 ? `${verified}; ${sealed.length} seal(s) verify` : verified, sealed);
}

function extractionReviewed({ facts, standing }: Context): ReadinessCheck {
  const amountDocuments = standing.filter((d) => AMOUNT_DOCUMENT_TYPES.includes(d.type));
  const extractions = new Map(facts.extractions.map((e) => [e.documentId, e.extraction]));
  const unreviewed = amountDocuments.filter((d) => extractions.get(d.id)?.fields.some((f) => MONEY_FIELDS.includes(f.name) && !f.reviewed));
  const unread = amountDocuments.filter((d) => !extractions.get(d.id)?.fields.some((f) => MONEY_FIELDS.includes(f.name)));
  const corrected = amountDocuments.flatMap((d) =>
    (extractions.get(d.id)?.fields ?? [])
      .filter((f) => f.reviewed && MONEY_FIELDS.includes(f.name) && f.extractedValue !== undefined && !sameAmount(f.extractedValue, f.value))
      .map((f) => ({ documentId: d.id, text: `${d.id} (${d.type}) ${f.name}: reviewed ${f.value}, extracted ${f.extractedValue}` })),
  );
  const check = (status: CheckStatus, detail: string, ids: readonly string[]) => result('extraction_reviewed', 'Extracted amounts reviewed', status, detail, ids);
  if (unreviewed.length > 0) return check('fail', `${unreviewed.length} amount document(s) have extracted amounts nobody has reviewed`, unreviewed.map((d) => d.id));
  if (corrected.length > 0) {
    return check('warn', `a reviewer changed ${corrected.length} extracted amount(s); check each against the document before filing: ${corrected.map((c) => c.text).join('; ')}`, corrected.map((c) => c.documentId));
  }
  if (unread.length > 0) {
    const states = unread.map((d) => `${d.id} (${d.type}): extraction ${extractions.get(d.id)?.status ?? d.extraction.status}`);
    return check('warn', `no amount has been extracted or entered for ${unread.length} amount document(s): ${states.join(', ')}`, unread.map((d) => d.id));
  }
  return check('pass', amountDocuments.length > 0 ? `the amounts of ${amountDocuments.length} amount document(s) are reviewed` : 'no amount documents on file', amountDocuments.map((d) => d.id));
}

function responsibility({ facts, standing }: Context): ReadinessCheck {
  const books = standing.filter((d) => d.type === 'responsibility_book').map((d) => d.id);
  const check = (status: CheckStatus, detail: string) =>
    result('responsibility', 'Responsible collector', status, detail, books, 'the company\'s debt-clearing measures, Art. 6: a designated responsible person signs a responsibility book (清欠责任书)');
  // The company's internal rule, not a court's: it warns and never blocks a handoff.
  if (!facts.collector) return check('warn', 'no collector is responsible for this debt (internal, not a filing prerequisite)');
  if (books.length === 0) return check('warn', `collector ${facts.collector} is responsible, but no responsibility book is on file`);
  return check('pass', `collector ${facts.collector}, responsibility book on file`);
}

/** Two amount strings name the same amount ("1000" and "1000.00"); text that is not an amount compares as text. */
function sameAmount(a: string, b: string): boolean {
  const decimal = /^-?\d+(\.\d+)?$/;
  return decimal.test(a) && decimal.test(b) ? new Decimal(a).eq(b) : a === b;
}

/** A document counts as signed when sealed or scanned-and-confirmed, or its reviewed `signature_present` is true. */
function signed(document: ReadinessDocument, reviewed: ReadonlyMap<string, ReadonlyMap<string, string>>): boolean {
  return document.signedByDebtor !== undefined || reviewed.get(document.id)?.get('signature_present') === 'true';
}

function reviewedFieldsByDocument(extractions: readonly DocumentExtraction[]): Map<string, Map<string, string>> {
  return new Map(extractions.map((e) => [e.documentId, new Map(e.extraction.fields.filter((f) => f.reviewed).map((f) => [f.name, f.value]))]));
}
