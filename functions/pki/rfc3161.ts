import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import './certificates';

/** OIDs used by time-stamping (RFC 3161, RFC 5035). */
export const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
} as const;

export interface TimestampInfo {
  genTime: Date;
  hashedMessage: Uint8Array;
  hashAlgorithm: string;
  nonce?: bigint;
  serialNumber: bigint;
}

/**
 * Reads a TimeStampToken (DER ContentInfo with SignedData over a TSTInfo).
 *
 * @example
 * const { signedData, info } = readTimestampToken(tokenDer);
 */
export function readTimestampToken(token: Uint8Array): { signedData: pkijs.SignedData; info: TimestampInfo } {
  const contentInfo = pkijs.ContentInfo.fromBER(new Uint8Array(token));
  if (contentInfo.contentType !== OID.signedData) throw new Error('a time-stamp token is CMS SignedData');
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  if (signedData.encapContentInfo.eContentType !== OID.tstInfo || !signedData.encapContentInfo.eContent) throw new Error('the token does not hold a TSTInfo');
  const tst = pkijs.TSTInfo.fromBER(signedData.encapContentInfo.eContent.getValue());
  return {
    signedData,
    info: {
      genTime: tst.genTime,
      hashedMessage: new Uint8Array(tst.messageImprint.hashedMessage.valueBlock.valueHexView),
      hashAlgorithm: tst.messageImprint.hashAlgorithm.algorithmId,
      ...(tst.nonce ? { nonce: BigInt(`0x${Buffer.from(tst.nonce.valueBlock.valueHexView).toString('hex') || '0'}`) } : {}),
      serialNumber: BigInt(`0x${Buffer.from(tst.serialNumber.valueBlock.valueHexView).toString('hex') || '0'}`),
    },
  };
}

/** A DER TimeStampReq for a SHA-256 digest, asking for the TSA's certificate. */
export function timestampRequest(digest: Uint8Array, nonce: Uint8Array): Uint8Array {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: new Uint8Array(digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: new Uint8Array(nonce) }),
    certReq: true,
  });
  return new Uint8Array(request.toSchema().toBER(false));
}
