import { z } from 'zod';
import type { DocumentType } from './document-types';
import type { Role } from './roles';

/**
 * Signing requests (DESIGN §9, §4): who may ask for which document to be signed, what a request
 * and a signature look like, and the rules of the signing flow. Pure; the service applies them.
 */
export const SIGNING_MODES = ['remote', 'in_person'] as const;
export type SigningMode = (typeof SIGNING_MODES)[number];

export type SignerStatus = 'pending' | 'signed' | 'declined' | 'locked';
/** `signed`: every signer has signed, the seal is still to be made (or is being retried). */
export type SigningRequestStatus = 'pending' | 'signed' | 'completed' | 'declined' | 'expired';

/**
 * The roles that may ask for a document type to be signed. They are those of DESIGN §5 that may
 * add the type, within the roles the route admits (§4: collector, legal); the responsibility
 * book is finance's document, but finance has no signing route, so legal prepares it for the
 * responsible collector to sign.
 */
const REQUESTERS: Partial<Record<DocumentType, readonly Role[]>> = {
  visit_record: ['collector'],
  acknowledgement: ['collector', 'legal'],
  demand_letter: ['collector', 'legal'],
  responsibility_book: ['legal'],
};

/**
 * The role in which a user may request signatures on a document type, or undefined.
 *
 * @example
 * roleToRequestSigning(['collector'], 'visit_record') // 'collector'
 * roleToRequestSigning(['legal'], 'visit_record')     // undefined
 */
export function roleToRequestSigning(roles: readonly Role[], type: DocumentType): Role | undefined {
  return roles.find((role) => REQUESTERS[type]?.includes(role));
}

/** Roles that may request signatures on `type` (for messages). */
export function rolesThatMayRequest(type: DocumentType): readonly Role[] {
  return REQUESTERS[type] ?? [];
}

export const MAX_SIGNERS = 10;
/** How long a request stays open unless `expiresAt` says otherwise, and at most. */
export const DEFAULT_EXPIRY_DAYS = 14;
export const MAX_EXPIRY_DAYS = 90;
/** One-time codes: digits, lifetime, wrong tries before the signer is locked, codes per signer. */
export const OTP = { digits: 6, lifetimeSeconds: 600, maxFailures: 5, maxSends: 5, resendAfterSeconds: 60 } as const;
/** Largest drawn signature and in-person photo, decoded. */
export const MAX_SIGNATURE_PNG_BYTES = 256 * 1024;
export const MAX_PHOTO_BYTES = 512 * 1024;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const base64 = (what: string) => z.string().max(2 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, `${what} must be base64`);

export const signerInputSchema = z
  .strictObject({
    name: text(100),
    organization: text(200).optional(),
    title: text(100).optional(),
    email: z.email().max(254).optional(),
    phone: z.string().regex(/^\+?[0-9][0-9 -]{5,19}$/, 'a phone number such as +86 138 0000 0000').optional(),
  })
  .refine((signer) => signer.email || signer.phone, { path: ['phone'], message: 'a signer needs a phone or an email for the one-time code' });
export type SignerInput = z.output<typeof signerInputSchema>;

export const createSigningRequestSchema = z.strictObject({
  template: z.string().min(1).max(100),
  /** Checked against the template's own schema by the service. */
  data: z.unknown(),
  signers: z.array(signerInputSchema).min(1).max(MAX_SIGNERS),
  mode: z.enum(SIGNING_MODES),
  expiresAt: z.iso.datetime({ message: 'an instant in UTC ISO 8601, e.g. 2026-12-31T00:00:00.000Z' }).optional(),
});
export type CreateSigningRequestInput = z.output<typeof createSigningRequestSchema>;

export const signatureSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('drawn'), png: base64('png') }),
  z.strictObject({ kind: z.literal('typed'), text: text(100) }),
]);
export type SignatureInput = z.output<typeof signatureSchema>;

/** `POST /v1/sign/{token}`: a signature (with code and consent) or a decline. */
export const signBodySchema = z
  .strictObject({
    otp: z.string().regex(/^\d{6}$/, 'the 6-digit code').optional(),
    consent: z.boolean().optional(),
    signature: signatureSchema.optional(),
    /** In person only: where, and a photo of the signer signing. */
    location: z
      .strictObject({ latitude: z.number().min(-90).max(90).optional(), longitude: z.number().min(-180).max(180).optional(), accuracyMeters: z.number().min(0).max(100000).optional(), description: text(300).optional() })
      .optional(),
    photo: z.strictObject({ contentType: z.enum(['image/jpeg', 'image/png']), data: base64('photo') }).optional(),
    decline: z.strictObject({ reason: text(1000) }).optional(),
  })
  .superRefine((body, context) => {
    if (body.decline) {
      for (const field of ['otp', 'consent', 'signature', 'location', 'photo'] as const) {
        if (body[field] !== undefined) context.addIssue({ code: 'custom', path: [field], message: 'a decline carries only its reason' });
      }
      return;
    }
    if (!body.otp) context.addIssue({ code: 'custom', path: ['otp'], message: 'the 6-digit code sent to you is required' });
    if (body.consent !== true) context.addIssue({ code: 'custom', path: ['consent'], message: 'signing needs your consent to sign electronically (consent: true)' });
    if (!body.signature) context.addIssue({ code: 'custom', path: ['signature'], message: 'a drawn or typed signature is required' });
  });
export type SignBody = z.output<typeof signBodySchema>;

/** The consent a signer gives, in the document's language (PRC Electronic Signature Law, Arts. 13–14). */
export const CONSENT_TEXT = {
  'zh-CN': '本人已阅读上述文件，同意以电子方式签署。本人确认电子签名为本人真实意思表示，与手写签名具有同等法律效力（《中华人民共和国电子签名法》第十三条、第十四条）。',
  en: 'I have read the document above and agree to sign it electronically. My electronic signature expresses my true intention and has the same legal effect as a handwritten one (PRC Electronic Signature Law, Arts. 13 and 14).',
} as const;

/** A signer as stored on its request. */
export interface SignerState {
  id: string;
  index: number;
  name: string;
  organization?: string;
  title?: string;
  email?: string;
  phone?: string;
  status: SignerStatus;
  signedAt?: string;
  declinedAt?: string;
  declineReason?: string;
  signature?: { kind: 'drawn'; sha256: string } | { kind: 'typed'; text: string };
  location?: SignBody['location'];
  photo?: { sha256: string; contentType: string };
}

/**
 * Why a signer may not act now, or undefined when it may: the request is over, the link used,
 * the signer locked, or an earlier signer has not signed yet (signers sign in order).
 *
 * @example
 * blockedReason({ status: 'pending', expiresAt: '2026-12-01T00:00:00.000Z', signers }, signers[1], now) // 'waiting for 王五 to sign first'
 */
export function blockedReason(
  request: { status: SigningRequestStatus; expiresAt: string; signers: SignerState[] },
  signer: SignerState,
  now: Date,
): { kind: 'gone' | 'locked' | 'order'; message: string } | undefined {
  if (signer.status === 'signed' || signer.status === 'declined') return { kind: 'gone', message: `this signing link has been used: you ${signer.status} on ${signer.signedAt ?? signer.declinedAt}` };
  if (request.status === 'declined') return { kind: 'gone', message: 'this signing request was declined by another signer' };
  if (request.status !== 'pending') return { kind: 'gone', message: `this signing request is ${request.status}` };
  if (new Date(request.expiresAt) <= now) return { kind: 'gone', message: `this signing link expired at ${request.expiresAt}` };
  if (signer.status === 'locked') return { kind: 'locked', message: 'too many wrong codes: this signing link is locked; ask for a new signing request' };
  const waitingFor = request.signers.find((other) => other.index < signer.index && other.status !== 'signed');
  if (waitingFor) return { kind: 'order', message: `waiting for ${waitingFor.name} to sign first` };
  return undefined;
}

/** The status a request shows: an open request past its expiry is `expired`. */
export function effectiveStatus(request: { status: SigningRequestStatus; expiresAt: string }, now: Date): SigningRequestStatus {
  return request.status === 'pending' && new Date(request.expiresAt) <= now ? 'expired' : request.status;
}

/**
 * A contact with its middle hidden, for messages and the certificate page.
 *
 * @example
 * maskContact('+86 138 1234 5678') // '+86 1••••••••678'
 */
export function maskContact(contact: string): string {
  if (contact.includes('@')) {
    const [user, domain] = contact.split('@') as [string, string];
    return `${user.slice(0, 1)}•••@${domain}`;
  }
  return contact.length <= 6 ? '••••' : `${contact.slice(0, 5)}${'•'.repeat(contact.length - 8)}${contact.slice(-3)}`;
}
