import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { generateSealKeyPair, issueCertificate } from '../pki/certificates';
import { OID } from '../pki/rfc3161';

export type TsaBehaviour = 'grant' | 'reject' | 'unavailable' | 'wrong-imprint';

/**
 * A time-stamping authority for tests: an HTTP server on 127.0.0.1 that answers
 * `application/timestamp-query` with a real RFC 3161 TimeStampResp, its token a CMS SignedData
 * over a TSTInfo, signed (with content-type, message-digest and signing-certificate-v2
 * attributes) by a TSA certificate (critical EKU timeStamping) issued by its own root.
 * `behaviour` makes it refuse, fail or answer for the wrong digest.
 *
 * @example
 * const tsa = await startLocalTsa();
 * const timestamper = new HttpTimestamper(tsa.url);
 */
export async function startLocalTsa(options: { now?: () => Date } = {}) {
  const now = options.now ?? (() => new Date());
  const [rootKeys, tsaKeys] = await Promise.all([generateSealKeyPair(), generateSealKeyPair()]);
  const validity = { notBefore: new Date(now().getTime() - 86400_000), notAfter: new Date(now().getTime() + 5 * 365 * 86400_000) };
  const root = await issueCertificate({ subject: { commonName: 'Test TSA root' }, issuerKey: rootKeys.privateKey, publicKey: rootKeys.publicKey, profile: 'ca', ...validity });
  const tsaCertificate = await issueCertificate({ subject: { commonName: 'Test TSA' }, issuerCertificate: root, issuerKey: rootKeys.privateKey, publicKey: tsaKeys.publicKey, profile: 'timestamping', ...validity });
  const certificate = pkijs.Certificate.fromBER(new Uint8Array(tsaCertificate));
  let serial = 1;
  let requests = 0;
  const state = { behaviour: 'grant' as TsaBehaviour };

  async function answer(query: Uint8Array): Promise<Uint8Array> {
    const request = pkijs.TimeStampReq.fromBER(new Uint8Array(query));
    if (state.behaviour === 'reject') {
      return new Uint8Array(new pkijs.TimeStampResp({ status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.rejection }) }).toSchema().toBER(false));
    }
    const hashed = new Uint8Array(request.messageImprint.hashedMessage.valueBlock.valueHexView);
    if (state.behaviour === 'wrong-imprint') hashed.reverse();
    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: '1.3.6.1.4.1.55555.1.1',
      messageImprint: new pkijs.MessageImprint({ hashAlgorithm: request.messageImprint.hashAlgorithm, hashedMessage: new asn1js.OctetString({ valueHex: hashed }) }),
      serialNumber: new asn1js.Integer({ value: serial++ }),
      genTime: now(),
      ...(request.nonce ? { nonce: request.nonce } : {}),
    });
    const content = new Uint8Array(tstInfo.toSchema().toBER(false));
    const essCertIdV2 = new asn1js.Sequence({
      value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: new Uint8Array(createHash('sha256').update(tsaCertificate).digest()) })] })] })],
    });
    const signedData = new pkijs.SignedData({
      version: 3,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.tstInfo, eContent: new asn1js.OctetString({ valueHex: content }) }),
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 0,
            attributes: [
              new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.tstInfo })] }),
              new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: new Uint8Array(createHash('sha256').update(content).digest()) })] }),
              new pkijs.Attribute({ type: OID.signingCertificateV2, values: [essCertIdV2] }),
            ],
          }),
        }),
      ],
      certificates: request.certReq ? [certificate] : [],
    });
    await signedData.sign(tsaKeys.privateKey, 0, 'SHA-256');
    const token = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
    return new Uint8Array(new pkijs.TimeStampResp({ status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }), timeStampToken: token }).toSchema().toBER(false));
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests++;
      if (state.behaviour === 'unavailable') {
        response.writeHead(503).end();
        return;
      }
      if (request.method !== 'POST' || request.headers['content-type'] !== 'application/timestamp-query') {
        response.writeHead(415).end();
        return;
      }
      answer(new Uint8Array(Buffer.concat(chunks))).then(
        (body) => response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(Buffer.from(body)),
        () => response.writeHead(400).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsr`,
    root,
    set behaviour(value: TsaBehaviour) {
      state.behaviour = value;
    },
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
