import type { Role } from './roles';

/**
 * Document types and who may add them (DESIGN §5). Admin may do everything finance may.
 */
export const DOCUMENT_TYPES = [
  'contract',
  'visa',
  'change_negotiation',
  'settlement',
  'completion_acceptance',
  'invoice',
  'payment_record',
  'visit_record',
  'acknowledgement',
  /** The debtor's own letter proposing a repayment plan or asking for time (SPC Limitation Provisions Art. 14). */
  'debtor_letter',
  'demand_letter',
  'delivery_proof',
  'responsibility_book',
  'correspondence',
  'court_filing',
  'readiness_report',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const WRITERS: Record<DocumentType, readonly Role[]> = {
  contract: ['sales', 'legal', 'finance', 'admin'],
  visa: ['sales'],
  change_negotiation: ['sales'],
  settlement: ['sales', 'finance', 'admin'],
  completion_acceptance: ['sales'],
  invoice: ['finance', 'admin'],
  payment_record: ['finance', 'admin'],
  visit_record: ['collector'],
  acknowledgement: ['collector', 'legal'],
  debtor_letter: ['collector', 'legal', 'finance', 'sales'],
  demand_letter: ['collector', 'legal'],
  delivery_proof: ['collector', 'legal'],
  responsibility_book: ['finance', 'admin'],
  correspondence: ['admin', 'finance', 'legal', 'collector', 'sales'],
  court_filing: ['legal'],
  // Made by the service at handoff (the sealed readiness report); no role may upload one.
  readiness_report: [],
};

/** Types that may still be added once a file has been handed off to legal (DESIGN §8). */
export const TYPES_ALLOWED_AFTER_HANDOFF: readonly DocumentType[] = ['court_filing', 'correspondence'];

/** Types whose amounts feed the ledger and the readiness checks (DESIGN §8 check 9). */
export const AMOUNT_DOCUMENT_TYPES: readonly DocumentType[] = [
  'contract',
  'visa',
  'change_negotiation',
  'settlement',
  'invoice',
  'payment_record',
  'acknowledgement',
];

/**
 * The role, among those a user holds, in which it may add a document of `type`; undefined when
 * none of its roles may.
 *
 * @example
 * roleToAddDocument(['auditor', 'sales'], 'visa') // 'sales'
 */
export function roleToAddDocument(roles: readonly Role[], type: DocumentType): Role | undefined {
  return roles.find((role) => WRITERS[type].includes(role));
}

/** Roles that may add documents of `type` (for error messages and docs). */
export function rolesThatMayAdd(type: DocumentType): readonly Role[] {
  return WRITERS[type];
}

/**
 * The role in which a user may void a document: the role it was uploaded in, or legal.
 *
 * @example
 * roleToVoidDocument(['finance'], 'finance') // 'finance'
 * roleToVoidDocument(['collector'], 'finance') // undefined
 */
export function roleToVoidDocument(roles: readonly Role[], uploadedAs: Role): Role | undefined {
  if (roles.includes(uploadedAs) && uploadedAs !== 'auditor') return uploadedAs;
  return roles.includes('legal') ? 'legal' : undefined;
}
