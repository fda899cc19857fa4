import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { imageSize } from 'image-size';
import { findTemplate, renderTemplate, type SignatureSlot, type TemplateDefinition } from '../../templates/index';
import { commonName } from '../pki/certificates';
import type { Debt } from '../core/debt';
import { TYPES_ALLOWED_AFTER_HANDOFF } from '../core/document-types';
import { ConflictError, ForbiddenError, GoneError, NotFoundError, PayloadTooLargeError, SchemaViolationError, TooManyRequestsError, UnsupportedMediaError, ValidationError } from '../core/errors';
import { newId } from '../core/ids';
import { legalDateAt } from '../core/legal-date';
import type { Actor, Principal, Role } from '../core/roles';
import {
  blockedReason,
  CONSENT_TEXT,
  type CreateSigningRequestInput,
  DEFAULT_EXPIRY_DAYS,
  effectiveStatus,
  maskContact,
  MAX_EXPIRY_DAYS,
  MAX_PHOTO_BYTES,
  MAX_SIGNATURE_PNG_BYTES,
  OTP,
  roleToRequestSigning,
  rolesThatMayRequest,
  type SignBody,
  type SignerState,
  type SigningMode,
  type SigningRequestStatus,
} from '../core/signing';
import type { BlobStore } from '../ports/blob-store';
import type { Clock } from '../ports/clock';
import type { Notifier } from '../ports/notifier';
import type { Sealer } from '../ports/sealer';
import type { Table, TableItem } from '../ports/table';
import type { Timestamper } from '../ports/timestamper';
import { allEvents, recordChange } from './audit-trail';
import type { DocumentService } from './documents';
import { appendCertificate, type CertificateEvent, sealPdf, stampSignatures, type TimestampOutcome } from './sealed-pdf';
import { keys, signingTokenPartition, withoutKeys } from './table-layout';

/** Where a request came from, written into each audit event (DESIGN §9). */
export interface RequestContext {
  ip: string;
  forwardedFor?: string;
  userAgent: string;
}

/** A signing request as stored (`DEBT#<id>`, `SIG#<id>`). */
export interface SigningRequest {
  id: string;
  debtId: string;
  version: number;
  templateId: string;
  title: string;
  language: string;
  documentType: TemplateDefinition['documentType'];
  data: unknown;
  mode: SigningMode;
  status: SigningRequestStatus;
  requestedBy: { id: string; name: string; role: Role };
  /** In person: the requester, who watched the signers sign. */
  witness?: { id: string; name: string; role: Role };
  createdAt: string;
  expiresAt: string;
  /** The document shown to the signers. */
  document: { sha256: string; size: number; pages: number };
  slots: SignatureSlot[];
  signers: SignerState[];
  completion?: { documentId: string; sha256: string; sealedAt: string; timestamp: TimestampOutcome; limitationEventId?: string };
  sealError?: string;
}

/** One signer's secret state (`SIG#<id>#SIGNER#<id>`), found by its token's hash (byToken). */
interface SignerSecrets extends TableItem {
  debtId: string;
  requestId: string;
  signerId: string;
  version: number;
  otp?: { hash: string; salt: string; expiresAt: string };
  otpSends: number;
  lastOtpAt?: string;
  failures: number;
}

export interface SigningDeps {
  table: Table;
  blobs: BlobStore;
  clock: Clock;
  notifier: Notifier;
  sealer: Sealer;
  timestamper?: Timestamper;
  documents: DocumentService;
  /** Base URL signing links point at. */
  publicBaseUrl: string;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const sha256Hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');
const DAY = 86_400_000;

/**
 * Signing requests (DESIGN §9): a document rendered from a template, signed by each signer in
 * turn through a one-time link and a one-time code (remote) or on the requester's device with the
 * requester as witness (in person), then stamped, certified and sealed, and filed as a document
 * of the debt together with the limitation event it supports. Every step is an audit event with
 * IP, user agent and the SHA-256 of the document shown.
 */
export class SigningService {
  constructor(private readonly deps: SigningDeps) {}

  /** Creates a request; the links (with their tokens) are returned once and stored only hashed. */
  async create(user: Principal, debt: Debt, input: CreateSigningRequestInput, context: RequestContext) {
    const template = findTemplate(input.template);
    if (!template) throw new ValidationError(`no template ${input.template}; see GET /v1/templates`, [{ path: 'template', message: 'unknown template' }]);
    const role = roleToRequestSigning(user.roles, template.documentType);
    if (!role) throw new ForbiddenError(`signatures on a ${template.documentType} are requested by ${rolesThatMayRequest(template.documentType).join(', ')}`);
    if (debt.status === 'closed') throw new ConflictError('the debt is closed');
    if (debt.status === 'handed_off' && !TYPES_ALLOWED_AFTER_HANDOFF.includes(template.documentType)) throw new ConflictError('the file is frozen since handoff');
    const parsed = template.schema.safeParse(input.data);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({ path: ['data', ...issue.path.map(String)].join('.'), message: issue.message }));
      throw new SchemaViolationError(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
    }
    const now = this.deps.clock.now();
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : new Date(now.getTime() + DEFAULT_EXPIRY_DAYS * DAY);
    if (expiresAt.getTime() < now.getTime() + 3600_000 || expiresAt.getTime() > now.getTime() + MAX_EXPIRY_DAYS * DAY) {
      throw new ValidationError(`expiresAt must be between one hour and ${MAX_EXPIRY_DAYS} days from now`, [{ path: 'expiresAt', message: 'out of range' }]);
    }

    const id = newId();
    const signers: SignerState[] = input.signers.map((signer, index) => ({ id: newId(), index, ...signer, status: 'pending' }));
    const tokens = signers.map(() => randomBytes(32).toString('base64url'));
    const rendered = await renderTemplate(template, parsed.data, { signers, reference: id }, { creationDate: now });
    const blob = await this.deps.blobs.put(rendered.bytes);
    const request: SigningRequest = {
      id,
      debtId: debt.id,
      version: 1,
      templateId: template.id,
      title: template.title,
      language: template.language,
      documentType: template.documentType,
      data: parsed.data,
      mode: input.mode,
      status: 'pending',
      requestedBy: { id: user.id, name: user.name, role },
      ...(input.mode === 'in_person' ? { witness: { id: user.id, name: user.name, role } } : {}),
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      document: { sha256: blob.sha256, size: blob.size, pages: rendered.pages },
      slots: rendered.slots,
      signers,
    };
    await recordChange(this.deps.table, this.deps.clock, debt.id, { id: user.id, role }, async () => ({
      action: 'signing.requested',
      subject: `debt/${debt.id}/signing-request/${id}`,
      details: {
        requestId: id,
        template: template.id,
        mode: input.mode,
        documentSha256: blob.sha256,
        expiresAt: request.expiresAt,
        signers: signers.map((s) => ({ id: s.id, name: s.name, organization: s.organization ?? null, contact: maskContact(s.phone ?? s.email ?? '') })),
        ...context,
      },
      writes: [
        { put: { ...keys.signingRequest(debt.id, id), ...request }, condition: { absent: true } },
        ...signers.map((signer, i) => ({
          put: {
            ...keys.signer(debt.id, id, signer.id),
            gsi3pk: signingTokenPartition(sha256Hex(tokens[i] as string)),
            gsi3sk: 'SIGNER',
            debtId: debt.id,
            requestId: id,
            signerId: signer.id,
            version: 1,
            otpSends: 0,
            failures: 0,
          },
          condition: { absent: true } as const,
        })),
      ],
      result: undefined,
    }));
    // The link opens the signer's page of the web app, which talks to /v1/sign/<token>.
    const links = tokens.map((token) => `${this.deps.publicBaseUrl}/sign/${token}`);
    if (input.mode === 'remote') {
      await Promise.all(
        signers.map((signer, i) =>
          this.notify(debt.id, signer, 'signing.link', `${template.title}: please sign`, `${request.requestedBy.name} asks you to sign "${template.title}". Open ${links[i]} before ${request.expiresAt}. 请在 ${request.expiresAt} 前打开链接签署。`),
        ),
      );
    }
    return { ...this.view(request), signers: signers.map((signer, i) => ({ ...signerView(signer), link: links[i] as string })) };
  }

  /** A request as its debt's users see it (no tokens, no codes). */
  async get(debtId: string, requestId: string) {
    return this.view(await this.load(debtId, requestId));
  }

  /** What a signer sees on opening the link; the opening is recorded. */
  async open(token: string, context: RequestContext) {
    const { request, signer } = await this.resolve(token);
    const blocked = blockedReason(request, signer, this.deps.clock.now());
    if (blocked?.kind === 'gone') throw new GoneError(blocked.message);
    await this.recordSignerStep(request, signer, 'signing.opened', {}, context);
    return {
      request: { id: request.id, title: request.title, templateId: request.templateId, language: request.language, mode: request.mode, status: effectiveStatus(request, this.deps.clock.now()), expiresAt: request.expiresAt, requestedBy: request.requestedBy.name },
      document: { title: request.title, sha256: request.document.sha256, pages: request.document.pages, href: `/v1/sign/${token}/document` },
      signer: { ...signerView(signer), contact: maskContact(signer.phone ?? signer.email ?? '') },
      consent: CONSENT_TEXT[request.language as keyof typeof CONSENT_TEXT] ?? CONSENT_TEXT.en,
      ...(blocked ? { waiting: blocked.message } : {}),
    };
  }

  /** The PDF the signer is asked to sign; the read is recorded. */
  async document(token: string, context: RequestContext): Promise<{ bytes: Uint8Array; sha256: string; filename: string }> {
    const { request, signer } = await this.resolve(token);
    const blocked = blockedReason(request, signer, this.deps.clock.now());
    if (blocked?.kind === 'gone') throw new GoneError(blocked.message);
    const bytes = await this.deps.blobs.get(request.document.sha256);
    if (!bytes) throw new ConflictError('the document of this request is missing from storage');
    await this.recordSignerStep(request, signer, 'signing.document_read', {}, context);
    return { bytes, sha256: request.document.sha256, filename: `${request.templateId}-${request.id}.pdf` };
  }

  /** Sends a one-time code to the signer (at most {@link OTP.maxSends}, one a minute). */
  async sendCode(token: string, context: RequestContext) {
    const { request, signer, secrets } = await this.resolve(token);
    this.assertMayAct(request, signer);
    const now = this.deps.clock.now();
    if (secrets.otpSends >= OTP.maxSends) throw new TooManyRequestsError(`at most ${OTP.maxSends} codes are sent per signer; ask for a new signing request`);
    const wait = secrets.lastOtpAt ? Math.ceil((new Date(secrets.lastOtpAt).getTime() + OTP.resendAfterSeconds * 1000 - now.getTime()) / 1000) : 0;
    if (wait > 0) throw new TooManyRequestsError(`a code was sent less than ${OTP.resendAfterSeconds} seconds ago; try again in ${wait} s`, wait);
    const code = String(randomInt(0, 10 ** OTP.digits)).padStart(OTP.digits, '0');
    const salt = randomBytes(16).toString('hex');
    const expiresAt = new Date(now.getTime() + OTP.lifetimeSeconds * 1000).toISOString();
    const channel = signer.phone ? 'sms' : 'email';
    const to = maskContact(signer.phone ?? signer.email ?? '');
    await recordChange(this.deps.table, this.deps.clock, request.debtId, signerActor(signer), async () => {
      const current = await this.secrets(request.debtId, request.id, signer.id);
      if (current.version !== secrets.version) throw new ConflictError('another code was just sent; try again in a minute');
      return {
        action: 'signing.otp_sent',
        subject: signerSubject(request, signer),
        details: { requestId: request.id, signerId: signer.id, channel, to, expiresAt, documentSha256: request.document.sha256, ...context },
        writes: [{ put: { ...current, version: current.version + 1, otp: { hash: codeHash(salt, signer.id, code), salt, expiresAt }, otpSends: current.otpSends + 1, lastOtpAt: now.toISOString() }, condition: { attribute: 'version', equals: current.version } }],
        result: undefined,
      };
    });
    await this.notify(request.debtId, signer, 'signing.otp', `${request.title}: your code`, `Your code to sign "${request.title}" is ${code}. It is valid for ${OTP.lifetimeSeconds / 60} minutes. 签署验证码：${code}，${OTP.lifetimeSeconds / 60} 分钟内有效。`);
    return { sentTo: to, channel, expiresAt, resendAfterSeconds: OTP.resendAfterSeconds, sendsLeft: OTP.maxSends - secrets.otpSends - 1 };
  }

  /** Signs (code, consent, signature) or declines; the last signature seals the document. */
  async sign(token: string, body: SignBody, context: RequestContext) {
    const { request, signer, secrets } = await this.resolve(token);
    this.assertMayAct(request, signer);
    if (body.decline) return this.decline(request, signer, body.decline.reason, context);
    if (request.mode === 'remote' && (body.location || body.photo)) throw new ValidationError('location and photo are kept for in-person signing only', [{ path: body.photo ? 'photo' : 'location', message: 'in person only' }]);
    const png = body.signature?.kind === 'drawn' ? checkImage(body.signature.png, 'signature.png', ['image/png'], MAX_SIGNATURE_PNG_BYTES) : undefined;
    const photo = body.photo ? checkImage(body.photo.data, 'photo.data', [body.photo.contentType], MAX_PHOTO_BYTES) : undefined;
    await this.checkCode(request, signer, secrets, body.otp as string, context);

    const [pngBlob, photoBlob] = await Promise.all([png && this.deps.blobs.put(png), photo && this.deps.blobs.put(photo)]);
    const signature: SignerState['signature'] = body.signature?.kind === 'typed' ? { kind: 'typed', text: body.signature.text } : { kind: 'drawn', sha256: (pngBlob as { sha256: string }).sha256 };
    const { result } = await recordChange(this.deps.table, this.deps.clock, request.debtId, signerActor(signer), async () => {
      const current = await this.load(request.debtId, request.id);
      const me = current.signers[signer.index] as SignerState;
      this.assertMayAct(current, me);
      const codeState = await this.secrets(request.debtId, request.id, signer.id);
      if (!codeState.otp || codeState.otp.hash !== secrets.otp?.hash) throw new GoneError('this code has just been used or replaced');
      const signedAt = this.deps.clock.now().toISOString();
      const updated: SignerState = {
        ...me,
        status: 'signed',
        signedAt,
        signature,
        ...(body.location ? { location: body.location } : {}),
        ...(photoBlob && body.photo ? { photo: { sha256: photoBlob.sha256, contentType: body.photo.contentType } } : {}),
      };
      const signers = current.signers.map((s) => (s.id === me.id ? updated : s));
      const next: SigningRequest = { ...current, version: current.version + 1, signers, status: signers.every((s) => s.status === 'signed') ? 'signed' : 'pending' };
      const { otp: _used, ...rest } = codeState;
      return {
        action: 'signing.signed',
        subject: signerSubject(request, signer),
        details: {
          requestId: request.id,
          signerId: signer.id,
          signature: signature.kind === 'typed' ? { kind: 'typed', text: signature.text } : { kind: 'drawn', sha256: signature.sha256 },
          consent: { given: true, textSha256: sha256Hex(CONSENT_TEXT[request.language as keyof typeof CONSENT_TEXT] ?? CONSENT_TEXT.en) },
          otpVerified: true,
          documentSha256: request.document.sha256,
          ...(request.witness ? { witness: request.witness } : {}),
          ...(updated.location ? { location: updated.location } : {}),
          ...(updated.photo ? { photoSha256: updated.photo.sha256 } : {}),
          ...context,
        },
        writes: [
          { put: { ...keys.signingRequest(request.debtId, request.id), ...next }, condition: { attribute: 'version', equals: current.version } },
          { put: { ...rest, version: codeState.version + 1 }, condition: { attribute: 'version', equals: codeState.version } },
        ],
        result: next,
      };
    });
    if (result.status === 'signed') await this.completeQuietly(request.debtId, request.id);
    const after = await this.load(request.debtId, request.id);
    return { signer: signerView(after.signers[signer.index] as SignerState), request: { id: after.id, status: effectiveStatus(after, this.deps.clock.now()), ...(after.completion ? { documentId: after.completion.documentId } : {}) } };
  }

  /**
   * Stamps, certifies and seals a fully signed request, and files it as a document of the debt
   * with the limitation event it supports, in one audit event. Runs after the last signature, and
   * again on `POST …/seal` if that failed.
   */
  async complete(debtId: string, requestId: string): Promise<SigningRequest> {
    const request = await this.load(debtId, requestId);
    if (request.status === 'completed') throw new ConflictError('this request is already sealed');
    if (request.status !== 'signed') throw new ConflictError('not every signer has signed yet');
    const template = findTemplate(request.templateId) as TemplateDefinition;
    const original = await this.mustRead(request.document.sha256);
    const stamps = await Promise.all(
      request.signers.map(async (signer) => ({
        slot: request.slots[signer.index] as SignatureSlot,
        signature: signer.signature?.kind === 'drawn' ? { kind: 'drawn' as const, png: await this.mustRead(signer.signature.sha256) } : { kind: 'typed' as const, text: (signer.signature as { text: string }).text },
        caption: `${signer.name} · ${signer.signedAt}`,
      })),
    );
    const stamped = await stampSignatures(original, stamps);
    const chain = await this.deps.sealer.certificateChain();
    const certified = await appendCertificate(stamped, {
      requestId,
      debtId,
      templateId: request.templateId,
      title: request.title,
      mode: request.mode,
      requestedBy: `${request.requestedBy.name} (${request.requestedBy.id}, ${request.requestedBy.role})`,
      ...(request.witness ? { witness: `${request.witness.name} (${request.witness.id}, ${request.witness.role})` } : {}),
      original: { sha256: request.document.sha256, size: request.document.size },
      stamped: { sha256: sha256Hex(stamped), size: stamped.length },
      signers: await this.certificateSigners(request),
      seal: { certificate: commonName(chain[0] as Uint8Array), fingerprint: sha256Hex(chain[0] as Uint8Array), ...(this.deps.timestamper ? { timestampAuthority: this.deps.timestamper.authority } : {}) },
    });
    const sealedAt = this.deps.clock.now();
    const sealed = await sealPdf(certified, {
      sealer: this.deps.sealer,
      ...(this.deps.timestamper ? { timestamper: this.deps.timestamper } : {}),
      reason: `${request.title}: signed by ${request.signers.map((s) => s.name).join(', ')} (signing request ${requestId})`,
      signingTime: sealedAt,
    });
    const debt = withoutKeys<Debt>((await this.deps.table.get(keys.debt(debtId))) as TableItem);
    const lastSignedAt = request.signers.map((s) => s.signedAt as string).sort().at(-1) as string;
    const limitationEventId = template.limitationEvent ? newId() : undefined;
    const actor: Actor = { id: request.requestedBy.id, role: request.requestedBy.role };
    let completed: SigningRequest | undefined;
    await this.deps.documents.addGenerated(
      actor,
      debtId,
      { type: request.documentType, title: request.title, documentDate: template.documentDate(request.data) },
      { bytes: sealed.bytes, filename: `${request.templateId}-${requestId}.pdf` },
      {
        ...(template.limitationEvent ? { document: { signedByDebtor: { method: 'sealed', signingRequestId: requestId, at: lastSignedAt } } } : {}),
        prepare: async (document) => {
          const current = await this.load(debtId, requestId);
          if (current.status !== 'signed') throw new ConflictError('this request was sealed meanwhile');
          completed = {
            ...current,
            version: current.version + 1,
            status: 'completed',
            completion: { documentId: document.id, sha256: document.sha256, sealedAt: sealedAt.toISOString(), timestamp: sealed.timestamp, ...(limitationEventId ? { limitationEventId } : {}) },
          };
          delete completed.sealError;
          const limitationEvent = template.limitationEvent && {
            id: limitationEventId,
            type: template.limitationEvent,
            date: legalDateAt(new Date(lastSignedAt), debt.timeZone),
            documentId: document.id,
            note: `${request.title} signed and sealed (signing request ${requestId})`,
            recordedBy: actor.id,
            recordedAs: actor.role,
            recordedAt: sealedAt.toISOString(),
            signingRequestId: requestId,
          };
          return {
            writes: [
              { put: { ...keys.signingRequest(debtId, requestId), ...completed }, condition: { attribute: 'version', equals: current.version } },
              ...(limitationEvent ? [{ put: { ...keys.limitationEvent(debtId, limitationEvent.id as string), ...limitationEvent }, condition: { absent: true } as const }] : []),
            ],
            details: {
              signingRequestId: requestId,
              shownSha256: request.document.sha256,
              stampedSha256: sha256Hex(stamped),
              timestamp: sealed.timestamp,
              limitationEvent: limitationEvent ?? null,
            },
          };
        },
      },
    );
    return completed as SigningRequest;
  }

  private async completeQuietly(debtId: string, requestId: string): Promise<void> {
    try {
      await this.complete(debtId, requestId);
    } catch (error) {
      // The signatures stand; the seal is retried with POST …/seal. The failure is on record.
      console.error(JSON.stringify({ level: 'error', message: 'sealing failed', debtId, requestId, error: String(error) }));
      await recordChange(this.deps.table, this.deps.clock, debtId, { id: 'system', role: 'system' }, async () => {
        const current = await this.load(debtId, requestId);
        return {
          action: 'signing.seal_failed',
          subject: `debt/${debtId}/signing-request/${requestId}`,
          details: { requestId, error: (error as Error).message },
          writes: [{ put: { ...keys.signingRequest(debtId, requestId), ...current, version: current.version + 1, sealError: (error as Error).message }, condition: { attribute: 'version', equals: current.version } }],
          result: undefined,
        };
      }).catch(() => undefined);
    }
  }

  private async decline(request: SigningRequest, signer: SignerState, reason: string, context: RequestContext) {
    const { result } = await recordChange(this.deps.table, this.deps.clock, request.debtId, signerActor(signer), async () => {
      const current = await this.load(request.debtId, request.id);
      const me = current.signers[signer.index] as SignerState;
      this.assertMayAct(current, me);
      const declinedAt = this.deps.clock.now().toISOString();
      const next: SigningRequest = { ...current, version: current.version + 1, status: 'declined', signers: current.signers.map((s) => (s.id === me.id ? { ...s, status: 'declined', declinedAt, declineReason: reason } : s)) };
      return {
        action: 'signing.declined',
        subject: signerSubject(request, signer),
        details: { requestId: request.id, signerId: signer.id, reason, documentSha256: request.document.sha256, ...context },
        writes: [{ put: { ...keys.signingRequest(request.debtId, request.id), ...next }, condition: { attribute: 'version', equals: current.version } }],
        result: next,
      };
    });
    return { signer: signerView(result.signers[signer.index] as SignerState), request: { id: result.id, status: result.status } };
  }

  /** Checks the code; a wrong one counts, and the fifth locks the signer. */
  private async checkCode(request: SigningRequest, signer: SignerState, secrets: SignerSecrets, otp: string, context: RequestContext): Promise<void> {
    if (!secrets.otp) throw new ValidationError('ask for a code first (POST /v1/sign/{token}/otp)', [{ path: 'otp', message: 'no code was sent' }]);
    if (new Date(secrets.otp.expiresAt) <= this.deps.clock.now()) throw new ValidationError('the code has expired; ask for a new one', [{ path: 'otp', message: 'expired' }]);
    const expected = Buffer.from(secrets.otp.hash, 'hex');
    if (timingSafeEqual(expected, Buffer.from(codeHash(secrets.otp.salt, signer.id, otp), 'hex'))) return;
    const { result: failures } = await recordChange(this.deps.table, this.deps.clock, request.debtId, signerActor(signer), async () => {
      const current = await this.secrets(request.debtId, request.id, signer.id);
      const stored = await this.load(request.debtId, request.id);
      const count = current.failures + 1;
      const locked = count >= OTP.maxFailures;
      return {
        action: locked ? 'signing.signer_locked' : 'signing.otp_failed',
        subject: signerSubject(request, signer),
        details: { requestId: request.id, signerId: signer.id, failures: count, documentSha256: request.document.sha256, ...context },
        writes: [
          { put: { ...current, version: current.version + 1, failures: count }, condition: { attribute: 'version', equals: current.version } },
          ...(locked
            ? [{ put: { ...keys.signingRequest(request.debtId, request.id), ...stored, version: stored.version + 1, signers: stored.signers.map((s) => (s.id === signer.id ? { ...s, status: 'locked' as const } : s)) }, condition: { attribute: 'version', equals: stored.version } as const }]
            : []),
        ],
        result: count,
      };
    });
    if (failures >= OTP.maxFailures) throw new TooManyRequestsError(`${OTP.maxFailures} wrong codes: this signing link is locked; ask for a new signing request`);
    throw new ValidationError(`wrong code; ${OTP.maxFailures - failures} tries left`, [{ path: 'otp', message: 'wrong code' }]);
  }

  private assertMayAct(request: SigningRequest, signer: SignerState): void {
    const blocked = blockedReason(request, signer, this.deps.clock.now());
    if (!blocked) return;
    if (blocked.kind === 'gone') throw new GoneError(blocked.message);
    if (blocked.kind === 'locked') throw new TooManyRequestsError(blocked.message);
    throw new ConflictError(blocked.message);
  }

  private async recordSignerStep(request: SigningRequest, signer: SignerState, action: string, details: Record<string, unknown>, context: RequestContext): Promise<void> {
    await recordChange(this.deps.table, this.deps.clock, request.debtId, signerActor(signer), async () => ({
      action,
      subject: signerSubject(request, signer),
      details: { requestId: request.id, signerId: signer.id, documentSha256: request.document.sha256, ...details, ...context },
      writes: [],
      result: undefined,
    }));
  }

  /** Each signer's steps, from the audit chain, for the certificate page. */
  private async certificateSigners(request: SigningRequest): Promise<Parameters<typeof appendCertificate>[1]['signers']> {
    const prefix = `debt/${request.debtId}/signing-request/${request.id}/signer/`;
    const events = new Map<string, CertificateEvent[]>();
    for await (const event of allEvents(this.deps.table, request.debtId)) {
      if (!event.subject.startsWith(prefix)) continue;
      const signerId = event.subject.slice(prefix.length);
      const details = event.details as { ip?: string; userAgent?: string; failures?: number; to?: string };
      const what = EVENT_NAMES[event.action] ?? event.action;
      events.set(signerId, [...(events.get(signerId) ?? []), { at: event.at, what: details.to ? `${what} → ${details.to}` : what, ...(details.ip !== undefined ? { ip: details.ip } : {}), ...(details.userAgent !== undefined ? { userAgent: details.userAgent } : {}) }]);
    }
    return Promise.all(
      request.signers.map(async (signer) => ({
        name: signer.name,
        details: [signer.organization, signer.title, maskContact(signer.phone ?? signer.email ?? ''), signer.signature?.kind === 'drawn' ? '手写签名 drawn signature' : '键入签名 typed signature', '已同意电子签署 consented to sign electronically', '验证码已核验 one-time code verified']
          .filter(Boolean)
          .join(' · '),
        events: events.get(signer.id) ?? [],
        ...(signer.location ? { location: [signer.location.description, signer.location.latitude !== undefined ? `${signer.location.latitude}, ${signer.location.longitude} (±${signer.location.accuracyMeters ?? '?'} m)` : undefined].filter(Boolean).join(' · ') } : {}),
        ...(signer.photo ? { photo: { bytes: await this.mustRead(signer.photo.sha256), contentType: signer.photo.contentType } } : {}),
      })),
    );
  }

  private async resolve(token: string): Promise<{ request: SigningRequest; signer: SignerState; secrets: SignerSecrets }> {
    if (!TOKEN_PATTERN.test(token)) throw new NotFoundError('no such signing link');
    const page = await this.deps.table.queryIndex('byToken', signingTokenPartition(sha256Hex(token)), { limit: 1 });
    const entry = page.items[0];
    if (!entry) throw new NotFoundError('no such signing link');
    const request = await this.load(entry.debtId as string, entry.requestId as string);
    const signer = request.signers.find((s) => s.id === entry.signerId);
    if (!signer) throw new NotFoundError('no such signing link');
    return { request, signer, secrets: await this.secrets(request.debtId, request.id, signer.id) };
  }

  private async load(debtId: string, requestId: string): Promise<SigningRequest> {
    const item = await this.deps.table.get(keys.signingRequest(debtId, requestId));
    if (!item) throw new NotFoundError('no such signing request');
    return withoutKeys<SigningRequest>(item);
  }

  private async secrets(debtId: string, requestId: string, signerId: string): Promise<SignerSecrets> {
    const item = await this.deps.table.get(keys.signer(debtId, requestId, signerId));
    if (!item) throw new NotFoundError('no such signing link');
    return item as SignerSecrets;
  }

  private async mustRead(sha256: string): Promise<Uint8Array> {
    const bytes = await this.deps.blobs.get(sha256);
    if (!bytes) throw new ConflictError(`blob ${sha256} is missing from storage`);
    return bytes;
  }

  private async notify(debtId: string, signer: SignerState, kind: string, subject: string, text: string): Promise<void> {
    await this.deps.notifier.send({ kind, to: { name: signer.name, ...(signer.email ? { email: signer.email } : {}), ...(signer.phone ? { phone: signer.phone } : {}) }, subject, text, debtId });
  }

  private view(request: SigningRequest) {
    const { slots: _slots, data, version: _version, ...rest } = request;
    return { ...rest, data, status: effectiveStatus(request, this.deps.clock.now()), signers: request.signers.map(signerView), ...(request.completion ? { documentId: request.completion.documentId } : {}) };
  }
}

const EVENT_NAMES: Record<string, string> = {
  'signing.opened': '打开链接 opened the link',
  'signing.document_read': '阅读文件 read the document',
  'signing.otp_sent': '发送验证码 code sent',
  'signing.otp_failed': '验证码错误 wrong code',
  'signing.signed': '签署 signed',
};

function signerView(signer: SignerState) {
  return { id: signer.id, index: signer.index, name: signer.name, ...(signer.organization ? { organization: signer.organization } : {}), ...(signer.title ? { title: signer.title } : {}), status: signer.status, ...(signer.signedAt ? { signedAt: signer.signedAt } : {}), ...(signer.declinedAt ? { declinedAt: signer.declinedAt, declineReason: signer.declineReason } : {}) };
}

const signerActor = (signer: SignerState): Actor => ({ id: `signer:${signer.id}`, role: 'signer' });
const signerSubject = (request: SigningRequest, signer: SignerState) => `debt/${request.debtId}/signing-request/${request.id}/signer/${signer.id}`;
const codeHash = (salt: string, signerId: string, code: string) => sha256Hex(`${salt}:${signerId}:${code}`);

/** Decodes a base64 image and checks its type, size and that it parses. */
function checkImage(data: string, path: string, types: string[], maxBytes: number): Uint8Array {
  const bytes = new Uint8Array(Buffer.from(data, 'base64'));
  if (bytes.length > maxBytes) throw new PayloadTooLargeError(`${path} is ${bytes.length} bytes; at most ${maxBytes}`);
  const isPng = bytes.length > 8 && Buffer.from(bytes.subarray(0, 8)).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const isJpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const type = isPng ? 'image/png' : isJpeg ? 'image/jpeg' : undefined;
  if (!type || !types.includes(type)) throw new UnsupportedMediaError(`${path} must be ${types.join(' or ')}`);
  let size;
  try {
    size = imageSize(bytes);
  } catch {
    throw new ValidationError(`${path} is not a readable image`, [{ path, message: 'unreadable image' }]);
  }
  if (!size.width || !size.height || size.width > 4000 || size.height > 4000) throw new ValidationError(`${path} must be at most 4000 × 4000 pixels`, [{ path, message: 'bad dimensions' }]);
  return bytes;
}
