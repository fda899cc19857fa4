import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** An ECDSA P-256 key pair (WebCrypto), extractable so it can be kept in the data folder. */
export async function generateSealKeyPair(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export interface CertificateRequest {
  subject: { commonName: string; organization?: string };
  /** The issuer's certificate (DER); absent for a self-signed root. */
  issuerCertificate?: Uint8Array;
  issuerKey: CryptoKey;
  publicKey: CryptoKey;
  notBefore: Date;
  notAfter: Date;
  /** `ca`: may issue certificates; `seal`: signs documents; `timestamping`: a TSA. */
  profile: 'ca' | 'seal' | 'timestamping';
}

/**
 * Issues an X.509 v3 certificate (ECDSA with SHA-256) with the extensions its profile needs:
 * basic constraints, key usage, subject and authority key identifiers, and for a TSA the
 * critical extended key usage `timeStamping` (RFC 3161 §2.3).
 *
 * @example
 * const keys = await generateSealKeyPair();
 * const root = await issueCertificate({ subject: { commonName: 'Root' }, issuerKey: keys.privateKey, publicKey: keys.publicKey, notBefore, notAfter, profile: 'ca' });
 */
export async function issueCertificate(request: CertificateRequest): Promise<Uint8Array> {
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ valueHex: serialNumber() });
  setName(certificate.subject, request.subject);
  const issuer = request.issuerCertificate ? pkijs.Certificate.fromBER(new Uint8Array(request.issuerCertificate)) : undefined;
  if (issuer) certificate.issuer = issuer.subject;
  else setName(certificate.issuer, request.subject);
  certificate.notBefore = time(request.notBefore);
  certificate.notAfter = time(request.notAfter);
  await certificate.subjectPublicKeyInfo.importKey(request.publicKey);

  const subjectKeyId = keyIdentifier(certificate.subjectPublicKeyInfo);
  const authorityKeyId = issuer ? keyIdentifier(issuer.subjectPublicKeyInfo) : subjectKeyId;
  const basicConstraints = new pkijs.BasicConstraints({ cA: request.profile === 'ca' });
  // Key usage bits, most significant first: digitalSignature, nonRepudiation, …, keyCertSign, cRLSign.
  const keyUsage = { ca: [0x06, 1], seal: [0xc0, 6], timestamping: [0x80, 7] }[request.profile] as [number, number];
  certificate.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: basicConstraints.toSchema().toBER(false) }),
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: new asn1js.BitString({ valueHex: new Uint8Array([keyUsage[0]]).buffer, unusedBits: keyUsage[1] }).toBER(false) }),
    new pkijs.Extension({ extnID: '2.5.29.14', extnValue: new asn1js.OctetString({ valueHex: subjectKeyId }).toBER(false) }),
    new pkijs.Extension({ extnID: '2.5.29.35', extnValue: new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: authorityKeyId }) }).toSchema().toBER(false) }),
  ];
  if (request.profile === 'timestamping') {
    certificate.extensions.push(new pkijs.Extension({ extnID: '2.5.29.37', critical: true, extnValue: new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.8'] }).toSchema().toBER(false) }));
  }
  await certificate.sign(request.issuerKey, 'SHA-256');
  return new Uint8Array(certificate.toSchema(true).toBER(false));
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/**
 * A seal certificate for `sealPublicKey`, issued by a new root CA whose private key exists only
 * inside this call: once it has signed the seal certificate it is gone, so the root can vouch for
 * nothing else. Used for the local seal key and, by `npm run kms:certificate`, for a KMS key
 * (whose private key never leaves KMS: only its public key is certified). Valid from an hour
 * before `now`: the root for 30 years, the seal certificate for 20.
 *
 * @example
 * const { root, certificate } = await issueSealChain({ organization: 'Example Co.', sealPublicKey, now: new Date() });
 */
export async function issueSealChain(options: { organization: string; sealPublicKey: CryptoKey; now: Date }): Promise<{ root: Uint8Array; certificate: Uint8Array }> {
  const { organization, now } = options;
  const rootKeys = await generateSealKeyPair();
  const notBefore = new Date(now.getTime() - 3600 * 1000);
  const root = await issueCertificate({
    subject: { commonName: `${organization} local root CA`, organization },
    issuerKey: rootKeys.privateKey,
    publicKey: rootKeys.publicKey,
    notBefore,
    notAfter: new Date(now.getTime() + 30 * YEAR_MS),
    profile: 'ca',
  });
  const certificate = await issueCertificate({
    subject: { commonName: `${organization} document seal`, organization },
    issuerCertificate: root,
    issuerKey: rootKeys.privateKey,
    publicKey: options.sealPublicKey,
    notBefore,
    notAfter: new Date(now.getTime() + 20 * YEAR_MS),
    profile: 'seal',
  });
  return { root, certificate };
}

/** PEM text of a DER certificate. */
export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const base64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN ${label}-----\n${base64}\n-----END ${label}-----\n`;
}

/** The DER certificates in a PEM text, in order. */
export function fromPem(pem: string): Uint8Array[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((match) => new Uint8Array(Buffer.from((match[1] as string).replace(/\s+/g, ''), 'base64')));
}

/** The common name of a certificate's subject. */
export function commonName(der: Uint8Array): string {
  const certificate = pkijs.Certificate.fromBER(new Uint8Array(der));
  const entry = certificate.subject.typesAndValues.find((value) => value.type === '2.5.4.3');
  return entry ? String(entry.value.valueBlock.value) : '';
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, whole seconds. */
function time(value: Date): pkijs.Time {
  const seconds = new Date(Math.floor(value.getTime() / 1000) * 1000);
  return new pkijs.Time({ type: seconds.getUTCFullYear() < 2050 ? pkijs.TimeType.UTCTime : pkijs.TimeType.GeneralizedTime, value: seconds });
}

// One attribute per RDN (O, then CN), as readers expect; pkijs would put both in one SET.
function setName(name: pkijs.RelativeDistinguishedNames, subject: CertificateRequest['subject']): void {
  const rdn = (type: string, value: string) => new asn1js.Set({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: type }), new asn1js.Utf8String({ value })] })] });
  const rdns = [...(subject.organization ? [rdn('2.5.4.10', subject.organization)] : []), rdn('2.5.4.3', subject.commonName)];
  Object.assign(name, new pkijs.RelativeDistinguishedNames({ schema: new asn1js.Sequence({ value: rdns }) }));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subject public key bits. */
function keyIdentifier(info: pkijs.PublicKeyInfo): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash('sha1').update(info.subjectPublicKey.valueBlock.valueHexView).digest());
}

/** A positive 16-byte random serial (RFC 5280: at most 20 bytes, unpredictable). */
function serialNumber(): ArrayBuffer {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] as number) & 0x7f;
  return bytes.buffer;
}
