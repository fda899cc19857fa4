import { OpenAPIHono } from '@hono/zod-openapi';
import type { BlobStore, SignedUploadReceiver } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import type { Extractor } from '../ports/extractor';
import type { Notifier, OutboxReader } from '../ports/notifier';
import type { PacketJobs } from '../ports/packet-jobs';
import type { Sealer } from '../ports/sealer';
import type { Timestamper } from '../ports/timestamper';
import type { Table } from '../ports/table';
import type { TokenVerifier } from '../ports/token-verifier';
import { DebtService } from '../services/debts';
import { type DocumentLimits, DocumentService } from '../services/documents';
import { ExtractionService } from '../services/extraction';
import type { ExtractionQueue } from '../services/extraction-queue';
import { IdempotencyStore } from '../services/idempotency';
import { SigningService } from '../services/signing';
import { sealVerifierFor, VerificationService } from '../services/verification';
import { LimitationService } from '../services/limitation';
import { TableExtractionFacts } from '../services/extraction-facts';
import { LedgerService } from '../services/ledger';
import { ReadinessService, type SealVerifier } from '../services/readiness';
import { HandoffService } from '../services/handoff';
import { PacketService } from '../services/packets';
import { BookService } from '../services/management/books';
import { IndicatorService } from '../services/management/indicators';
import { ManagementReports } from '../services/management/reports';
import { UnitService } from '../services/management/units';
import type { AppEnv } from './env';
import { authorize } from './middleware/authorize';
import { idempotency } from './middleware/idempotency';
import { apiSecurityHeaders } from './security-headers';
import { errorResponse, problemResponse, problemType, validationProblem } from './problem';
import { auditRoutes } from './routes/audit';
import { debtRoutes } from './routes/debts';
import { devRoutes } from './routes/dev';
import { documentRoutes } from './routes/documents';
import { extractionRoutes } from './routes/extraction';
import { limitationRoutes } from './routes/limitation';
import { managementRoutes } from './routes/management';
import { ledgerRoutes } from './routes/ledger';
import { readinessRoutes } from './routes/readiness';
import { packetRoutes } from './routes/packets';
import { reportRoutes } from './routes/reports';
import { signingRoutes } from './routes/signing';
import { systemRoutes } from './routes/system';
import { accountRoutes } from './routes/accounts';
import type { AccountService } from '../services/accounts';
import type { SessionCookieSettings } from './session-cookie';
import { templateRoutes } from './routes/templates';
import { verifyRoutes } from './routes/verify';

/** Everything the app needs from outside; entry points build it from adapters. */
export interface AppDeps {
  mode: 'embedded' | 'aws';
  version: string;
  table: Table;
  blobs: BlobStore;
  clock: Clock;
  tokens: TokenVerifier;
  limits: DocumentLimits;
  /** Embedded only: accounts, sessions and the accounts chain; `tokens` is then this service too. */
  accounts?: AccountService;
  /** Embedded only: demo mode (dev login for the demo users). */
  demo?: boolean;
  /** The browser's session cookie (embedded; Secure when the public URL is HTTPS). */
  cookie?: SessionCookieSettings;
  /** Embedded only: receives uploads sent to locally signed URLs. */
  uploadReceiver?: SignedUploadReceiver;
  notifier: Notifier;
  /** Embedded only: the outbox the Notifier writes to, readable by admins. */
  outbox?: OutboxReader;
  /** Reads amounts, dates and parties from documents; without it extraction is `not_applicable`. */
  extractor?: Extractor;
  /** Where extraction jobs go after an upload (embedded: in-process queue); without it they wait for an outside runner. */
  extractionQueue?: ExtractionQueue;
  /** Seals signed documents; without it there are no signing requests. */
  sealer?: Sealer;
  /** Optional RFC 3161 timestamps on seals. */
  timestamper?: Timestamper;
  /** Roots trusted by `POST /v1/verify` (the seal's root, TSA roots). */
  trustedRoots?: readonly Uint8Array[];
  /** Base URL of signing links (`<base>/v1/sign/<token>`). */
  publicBaseUrl?: string;
  /** Verifies sealed PDFs for the readiness integrity check; by default our verifier over `trustedRoots`. */
  sealVerifier?: SealVerifier;
  /** Starts packet builds; with a sealer, handoff and packets are offered (DESIGN §8, §10). */
  packetJobs?: PacketJobs;
}

/**
 * Builds the HTTP API (DESIGN §4) on the given ports. The same app runs in the embedded server and
 * in Lambda; only the deps differ.
 *
 * @example
 * const app = createApp({ mode: 'embedded', version: '0.1.0', table, blobs, clock: systemClock, tokens, limits });
 * const response = await app.request('/health');
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const debts = new DebtService(deps.table, deps.clock);
  const extractionService = new ExtractionService(deps.table, deps.blobs, deps.clock, deps.extractor);
  deps.extractionQueue?.start((job) => extractionService.run(job));
  // On AWS the extractor runs in its own function: a queue that reaches it is enough here.
  const documents = new DocumentService(deps.table, deps.blobs, deps.clock, deps.limits, Boolean(deps.extractor ?? deps.extractionQueue), (document) =>
    deps.extractionQueue?.enqueue({ debtId: document.debtId, documentId: document.id }),
  );
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) return problemResponse(validationProblem(result.error, result.target));
      return undefined;
    },
  });

  app.onError(errorResponse);
  app.notFound((c) => problemResponse({ type: problemType('not-found'), title: 'Not found', status: 404, detail: `no route ${c.req.method} ${c.req.path}` }));
  app.use('*', apiSecurityHeaders());
  app.use(
    '*',
    authorize({
      tokens: deps.tokens,
      debts,
      maxInlineBytes: deps.limits.maxInlineBytes,
      ...(deps.cookie ? { cookie: deps.cookie } : {}),
      ...(deps.publicBaseUrl ? { trustedOrigins: [new URL(deps.publicBaseUrl).origin] } : {}),
    }),
  );
  app.use('*', idempotency(new IdempotencyStore(deps.table, () => deps.clock.now())));

  app.route('/', systemRoutes(deps));
  if (deps.accounts) app.route('/', accountRoutes({ accounts: deps.accounts, cookie: deps.cookie ?? { secure: false }, demo: Boolean(deps.demo), sso: false }));
  app.route('/', debtRoutes(debts));
  app.route('/', documentRoutes(documents, deps.uploadReceiver));
  app.route('/', extractionRoutes(extractionService));
  app.route('/', auditRoutes(deps.table, deps.blobs));
  app.route('/', reportRoutes(debts));
  app.route('/', limitationRoutes(new LimitationService(deps.table, deps.clock)));
  const extraction = new TableExtractionFacts(deps.table);
  app.route('/', ledgerRoutes(new LedgerService(deps.table, deps.clock, extraction)));
  const readiness = new ReadinessService(deps.table, deps.blobs, deps.clock, extraction, deps.sealVerifier ?? sealVerifierFor(deps.trustedRoots ?? []));
  app.route('/', readinessRoutes(readiness));
  if (deps.outbox) app.route('/', devRoutes(deps.outbox));
  app.route('/', templateRoutes());
  app.route('/', verifyRoutes(new VerificationService(deps.table, debts, deps.trustedRoots ?? [])));
  const signing = deps.sealer ? new SigningService({ ...deps, sealer: deps.sealer, documents, publicBaseUrl: deps.publicBaseUrl ?? '' }) : undefined;
  if (signing) app.route('/', signingRoutes(signing));
  const books = new BookService(deps.table, deps.clock, debts, signing);
  const indicators = new IndicatorService(deps.table, deps.clock);
  const reports = new ManagementReports(deps.table, deps.clock, debts, books, indicators, readiness);
  app.route('/', managementRoutes({ table: deps.table, clock: deps.clock, units: new UnitService(deps.table, deps.clock), books, indicators, reports }));
  if (deps.sealer && deps.packetJobs) {
    const packets = new PacketService(deps.table, deps.blobs, deps.clock, deps.packetJobs);
    const limitation = new LimitationService(deps.table, deps.clock);
    app.route('/', packetRoutes(packets, new HandoffService({ ...deps, sealer: deps.sealer, documents, readiness, limitation, packets })));
  }
  app.doc31('/v1/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Evidence file service', version: deps.version, description: 'See DESIGN §4. Errors are application/problem+json (RFC 9457).' },
    security: [{ bearer: [] }],
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  return app;
}
