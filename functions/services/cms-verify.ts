import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import '../pki/certificates';

/** OIDs of the attributes and algorithms checked here. */
const OIDS = {
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  signedData: '1.2.840.113549.1.7.2',
};
const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

/** What one CMS signer's signature says about the content it was given. */
export interface SignerCheck {
  /** Digest algorithm (node name), e.g. `sha256`. */
  digestAlgorithm: string;
  /** The signed message-digest attribute equals the digest of the content. */
  digestValid: boolean;
  /** The signature over the signed attributes verifies with the signer certificate's key. */
  signatureValid: boolean;
  /** The ESS signing-certificate(-v2) attribute names the signer certificate; null when absent. */
  signingCertificateValid: boolean | null;
  signer?: pkijs.Certificate;
  certificates: pkijs.Certificate[];
  signingTime?: Date;
  /** The signature value, which an RFC 3161 timestamp of the signature is over. */
  signatureValue: Uint8Array;
  /** The unsigned timeStampToken attribute (DER), if any. */
  timestampToken?: Uint8Array;
  problems: string[];
}

/**
 * Reads a DER CMS ContentInfo holding SignedData.
 *
 * @example
 * const signedData = readSignedData(contentsBytes);
 */
export function readSignedData(der: Uint8Array): pkijs.SignedData {
  const asn = asn1js.fromBER(new Uint8Array(der));
  if (asn.offset === -1) throw new Error('not DER');
  const contentInfo = new pkijs.ContentInfo({ schema: asn.result });
  if (contentInfo.contentType !== OIDS.signedData) throw new Error('not CMS SignedData');
  return new pkijs.SignedData({ schema: contentInfo.content });
}

/**
 * Checks the first signer of a SignedData against content given in pieces (a PDF's byte ranges, or
 * the encapsulated content): message digest, signature over the signed attributes, and the ESS
 * signing-certificate attribute. Independent of pkijs's own verify, which needs the content
 * whole and cannot tell these failures apart.
 */
export function checkSigner(signedData: pkijs.SignedData, content: Iterable<Uint8Array>): SignerCheck {
  const problems: string[] = [];
  const info = signedData.signerInfos[0];
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  if (!info) return { digestAlgorithm: '', digestValid: false, signatureValid: false, signingCertificateValid: null, certificates, signatureValue: new Uint8Array(), problems: ['no signer'] };
  const digestAlgorithm = HASHES[info.digestAlgorithm.algorithmId] ?? '';
  const signatureValue = new Uint8Array(info.signature.valueBlock.valueHexView);
  const signer = certificates.find((certificate) => matchesSid(certificate, info.sid));
  if (!signer) problems.push('the signer certificate is not in the signature');
  if (!digestAlgorithm) problems.push(`unknown digest algorithm ${info.digestAlgorithm.algorithmId}`);

  const attribute = (oid: string) => info.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0];
  let digestValid = false;
  if (digestAlgorithm) {
    const hash = createHash(digestAlgorithm);
    for (const piece of content) hash.update(piece);
    const signedDigest = attribute(OIDS.messageDigest) as asn1js.OctetString | undefined;
    if (!signedDigest) problems.push('no message-digest attribute');
    digestValid = !!signedDigest && Buffer.from(signedDigest.valueBlock.valueHexView).equals(hash.digest());
  }

  let signatureValid = false;
  if (signer && digestAlgorithm && info.signedAttrs) {
    // The signature is over the DER of the attributes as a SET (tag 0x31), not as the [0] they are sent in.
    const signed = Buffer.from(info.signedAttrs.encodedValue.byteLength ? info.signedAttrs.encodedValue : info.signedAttrs.toSchema().toBER(false));
    signed[0] = 0x31;
    try {
      const publicKey = createPublicKey({ key: Buffer.from(signer.subjectPublicKeyInfo.toSchema().toBER(false)), format: 'der', type: 'spki' });
      signatureValid = verifySignature(digestAlgorithm, signed, publicKey, signatureValue);
    } catch (error) {
      problems.push(`the signature cannot be checked: ${(error as Error).message}`);
    }
  }

  let signingCertificateValid: boolean | null = null;
  const v2 = attribute(OIDS.signingCertificateV2);
  const v1 = attribute(OIDS.signingCertificate);
  if (signer && (v2 || v1)) {
    const essCertId = ((v2 ?? v1) as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence | undefined;
    const first = (essCertId?.valueBlock.value[0] as asn1js.Sequence | undefined)?.valueBlock.value ?? [];
    // ESSCertIDv2: an optional AlgorithmIdentifier (default SHA-256), then the certificate hash.
    const hasAlgorithm = first[0] instanceof asn1js.Sequence;
    const algorithm = v2 ? (hasAlgorithm ? HASHES[((first[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString()] : 'sha256') : 'sha1';
    const certHash = first[hasAlgorithm ? 1 : 0] as asn1js.OctetString | undefined;
    const der = Buffer.from(signer.toSchema(true).toBER(false));
    signingCertificateValid = !!algorithm && !!certHash && Buffer.from(certHash.valueBlock.valueHexView).equals(createHash(algorithm).update(der).digest());
  }

  const signingTime = attribute(OIDS.signingTime) as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  const token = info.unsignedAttrs?.attributes.find((a) => a.type === OIDS.timeStampToken)?.values[0];
  return {
    digestAlgorithm,
    digestValid,
    signatureValid,
    signingCertificateValid,
    ...(signer ? { signer } : {}),
    certificates,
    ...(signingTime ? { signingTime: signingTime.toDate() } : {}),
    signatureValue,
    ...(token ? { timestampToken: new Uint8Array(token.toBER(false)) } : {}),
    problems,
  };
}

/**
 * Whether `certificate` chains, through `intermediates`, to one of `trustedRoots`, valid at `at`.
 *
 * @example
 * await chainsToTrustedRoot(check.signer, check.certificates, [localRoot], new Date())
 */
export async function chainsToTrustedRoot(certificate: pkijs.Certificate, intermediates: pkijs.Certificate[], trustedRoots: readonly Uint8Array[], at: Date): Promise<boolean> {
  if (trustedRoots.length === 0) return false;
  try {
    const engine = new pkijs.CertificateChainValidationEngine({
      trustedCerts: trustedRoots.map((der) => pkijs.Certificate.fromBER(new Uint8Array(der))),
      certs: [certificate, ...intermediates.filter((c) => c !== certificate)],
      checkDate: at,
    });
    return (await engine.verify()).result;
  } catch {
    return false;
  }
}

/** The subject common name of a certificate. */
export function subjectName(certificate: pkijs.Certificate): string {
  const value = certificate.subject.typesAndValues.find((entry) => entry.type === '2.5.4.3')?.value;
  return value ? String(value.valueBlock.value) : '';
}

function matchesSid(certificate: pkijs.Certificate, sid: pkijs.SignerInfo['sid']): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber) return certificate.issuer.isEqual(sid.issuer) && certificate.serialNumber.isEqual(sid.serialNumber);
  // SubjectKeyIdentifier form: compare with the certificate's extension.
  const ski = certificate.extensions?.find((extension) => extension.extnID === '2.5.29.14')?.parsedValue as asn1js.OctetString | undefined;
  const wanted = (sid as asn1js.Constructed).valueBlock?.value?.[0] as asn1js.OctetString | undefined;
  return !!ski && !!wanted && Buffer.from(ski.valueBlock.valueHexView).equals(Buffer.from((wanted as unknown as asn1js.Primitive).valueBlock.valueHexView ?? new Uint8Array()));
}
