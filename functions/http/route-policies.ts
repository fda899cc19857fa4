import type { Role } from '../core/roles';

/**
 * Every route's authorization rule, in one table (DESIGN §5). A request to a route that has no
 * rule here is refused; a test walks the app's routes and fails on any route without one.
 *
 * - `allow`: `public` (no sign-in: health, docs, dev login, signed upload URLs), or the roles
 *   admitted, in the order the acting role is picked from.
 * - `debt`: the route names a debt in `:id`; users outside its scope get 404.
 * - `setup`: allowed before the account's pending steps (new password, admin TOTP) are done.
 * - `body`: size class of the request body (`json` 1 MiB, `upload` the inline file limit,
 *   `stream` limited by the signed URL itself).
 *
 * Finer rules live in the services: which document types a role may add, who may void.
 */
export interface RoutePolicy {
  allow: 'public' | readonly Role[];
  /** Open to an account that must still change its password or enrol TOTP (its own profile, sign-out). */
  setup?: true;
  debt?: true;
  body?: 'json' | 'upload' | 'stream';
}

const EVERY_ROLE: readonly Role[] = ['admin', 'finance', 'legal', 'collector', 'sales', 'auditor'];
const WRITERS: readonly Role[] = ['admin', 'finance', 'legal', 'collector', 'sales'];
const AUDIT_READERS: readonly Role[] = ['legal', 'auditor', 'admin'];
/** Who manages debt clearing (books, indicators, rates, units), and who reads its reports. */
const MANAGERS: readonly Role[] = ['finance', 'admin'];
const MANAGEMENT_READERS: readonly Role[] = ['finance', 'admin', 'legal', 'auditor'];

export const ROUTE_POLICIES: Record<string, RoutePolicy> = {
  'GET /health': { allow: 'public' },
  'GET /v1/openapi.json': { allow: 'public' },
  // Demo mode only (EVIDENCE_DEMO=1): the routes do not exist otherwise.
  'POST /v1/auth/dev-login': { allow: 'public' },
  'GET /v1/auth/dev-users': { allow: 'public' },
  'GET /v1/auth/options': { allow: 'public' },
  // Reads the session cookie itself and answers null rather than 401.
  'GET /v1/auth/session': { allow: 'public' },
  'POST /v1/auth/setup': { allow: 'public' },
  'POST /v1/auth/login': { allow: 'public' },
  'POST /v1/auth/logout': { allow: EVERY_ROLE, setup: true },
  'GET /v1/me': { allow: EVERY_ROLE, setup: true },
  'POST /v1/me/password': { allow: EVERY_ROLE, setup: true },
  'POST /v1/me/totp': { allow: EVERY_ROLE, setup: true },
  'POST /v1/me/totp/confirm': { allow: EVERY_ROLE, setup: true },
  'GET /v1/users': { allow: ['admin'] },
  'POST /v1/users': { allow: ['admin'] },
  'PATCH /v1/users/:userId': { allow: ['admin'] },
  'POST /v1/users/:userId/password-reset': { allow: ['admin'] },
  'GET /v1/audit/accounts': { allow: ['auditor', 'admin'] },
  'GET /v1/audit/accounts/verify': { allow: ['auditor', 'admin'] },

  'POST /v1/debts': { allow: ['finance', 'admin'] },
  'GET /v1/debts': { allow: EVERY_ROLE },
  'GET /v1/debts/:id': { allow: EVERY_ROLE, debt: true },
  'PATCH /v1/debts/:id': { allow: ['finance', 'admin', 'legal'], debt: true },
  'POST /v1/debts/:id/payments': { allow: ['finance', 'admin'], debt: true },
  'POST /v1/debts/:id/events': { allow: ['collector', 'legal'], debt: true },

  'POST /v1/debts/:id/documents': { allow: WRITERS, debt: true, body: 'upload' },
  'GET /v1/debts/:id/documents': { allow: EVERY_ROLE, debt: true },
  'GET /v1/debts/:id/documents/:docId': { allow: EVERY_ROLE, debt: true },
  'GET /v1/debts/:id/documents/:docId/content': { allow: EVERY_ROLE, debt: true },
  'POST /v1/debts/:id/documents/:docId/void': { allow: WRITERS, debt: true },
  'POST /v1/debts/:id/uploads': { allow: WRITERS, debt: true },
  'POST /v1/debts/:id/uploads/:uploadId/complete': { allow: WRITERS, debt: true },
  'PUT /v1/blob-uploads/:uploadId': { allow: 'public', body: 'stream' },
  'GET /v1/debts/:id/documents/:docId/extraction': { allow: EVERY_ROLE, debt: true },
  // DESIGN §4 names legal and finance; admin may do everything finance may (§1).
  'POST /v1/debts/:id/documents/:docId/extraction/review': { allow: ['legal', 'finance', 'admin'], debt: true },

  'GET /v1/debts/:id/audit': { allow: AUDIT_READERS, debt: true },
  'GET /v1/debts/:id/audit/verify': { allow: AUDIT_READERS, debt: true },
  'GET /v1/audit/export': { allow: ['auditor', 'admin'] },

  'GET /v1/dev/outbox': { allow: ['admin'] },
  'GET /v1/reports/aging': { allow: ['finance', 'admin', 'legal', 'auditor'] },

  'GET /v1/templates': { allow: EVERY_ROLE },
  'POST /v1/debts/:id/signing-requests': { allow: ['collector', 'legal'], debt: true },
  'GET /v1/debts/:id/signing-requests/:rid': { allow: EVERY_ROLE, debt: true },
  'POST /v1/debts/:id/signing-requests/:rid/seal': { allow: ['collector', 'legal'], debt: true },
  // The signing link's token is the signer's authority.
  'GET /v1/sign/:token': { allow: 'public' },
  'GET /v1/sign/:token/document': { allow: 'public' },
  'POST /v1/sign/:token/otp': { allow: 'public' },
  'POST /v1/sign/:token': { allow: 'public' },
  'POST /v1/verify': { allow: EVERY_ROLE, body: 'upload' },
  'GET /v1/debts/:id/limitation': { allow: EVERY_ROLE, debt: true },
  'GET /v1/limitation/expiring': { allow: ['legal', 'finance', 'admin'] },
  'GET /v1/debts/:id/ledger': { allow: EVERY_ROLE, debt: true },
  'GET /v1/debts/:id/interest': { allow: EVERY_ROLE, debt: true },
  'GET /v1/debts/:id/claim-sheet': { allow: EVERY_ROLE, debt: true },
  'GET /v1/debts/:id/readiness': { allow: EVERY_ROLE, debt: true },
  'POST /v1/debts/:id/handoff': { allow: ['legal'], debt: true },
  'POST /v1/debts/:id/packets': { allow: ['legal'], debt: true },
  'GET /v1/debts/:id/packets': { allow: AUDIT_READERS, debt: true },
  'GET /v1/debts/:id/packets/:pid': { allow: AUDIT_READERS, debt: true },
  'GET /v1/debts/:id/packets/:pid/pdf': { allow: AUDIT_READERS, debt: true },
  'GET /v1/debts/:id/packets/:pid/zip': { allow: AUDIT_READERS, debt: true },

  // Debt-clearing management (the company's measures): finance and admin manage units, books,
  // indicators and rates; collectors read their own books and commissions; legal and auditors read.
  'GET /v1/units': { allow: EVERY_ROLE },
  'POST /v1/units': { allow: MANAGERS },
  'GET /v1/management/aging': { allow: MANAGEMENT_READERS },
  'GET /v1/management/aging/details': { allow: MANAGEMENT_READERS },
  'GET /v1/management/commission-rates': { allow: [...MANAGEMENT_READERS, 'collector'] },
  'PUT /v1/management/commission-rates': { allow: MANAGERS },
  // Collectors: their own statement only (the service refuses other persons).
  'GET /v1/management/commissions': { allow: [...MANAGEMENT_READERS, 'collector'] },
  'GET /v1/responsibility-books': { allow: [...MANAGEMENT_READERS, 'collector'] },
  'POST /v1/responsibility-books': { allow: MANAGERS },
  'GET /v1/responsibility-books/:bookId': { allow: [...MANAGEMENT_READERS, 'collector'] },
  // Legal prepares responsibility books for signature (core/signing.ts REQUESTERS).
  'POST /v1/responsibility-books/:bookId/signing-requests': { allow: ['legal'] },
  'GET /v1/management/indicators/:year': { allow: MANAGEMENT_READERS },
  'PUT /v1/management/indicators/:year/:unitId': { allow: MANAGERS },
  'GET /v1/management/monthly': { allow: MANAGEMENT_READERS },
  'GET /v1/management/key-objects': { allow: MANAGEMENT_READERS },
  'GET /v1/management/legal-queue': { allow: ['legal', 'finance', 'admin', 'auditor'] },
};

/** The policy key of a route. */
export const policyKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;
