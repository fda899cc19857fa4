import { randomBytes } from 'node:crypto';
import * as pkijs from 'pkijs';
import { checkSigner } from '../../services/cms-verify';
import { type Timestamper, TimestampError } from '../../ports/timestamper';
import { readTimestampToken, timestampRequest } from '../../pki/rfc3161';

/**
 * RFC 3161 time-stamping over HTTP: posts an `application/timestamp-query` and checks the
 * answer before using it: status granted, the token's message imprint is our digest, its nonce
 * ours, and its CMS signature sound. Anything else is a {@link TimestampError}.
 *
 * @example
 * const timestamper = new HttpTimestamper('http://tsa.example/tsr');
 * const token = await timestamper.timestamp(digest);
 */
export class HttpTimestamper implements Timestamper {
  constructor(
    readonly authority: string,
    private readonly options: { timeoutMs?: number } = {},
  ) {}

  async timestamp(digest: Uint8Array): Promise<Uint8Array> {
    if (digest.length !== 32) throw new TimestampError(`a SHA-256 digest is 32 bytes, not ${digest.length}`);
    const nonce = randomBytes(8);
    nonce[0] = (nonce[0] as number) & 0x7f;
    let response: Response;
    try {
      response = await fetch(this.authority, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
        body: timestampRequest(digest, nonce) as Uint8Array<ArrayBuffer>,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new TimestampError(`the time-stamping authority ${this.authority} could not be reached: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new TimestampError(`the time-stamping authority answered HTTP ${response.status}`);
    try {
      const reply = pkijs.TimeStampResp.fromBER(new Uint8Array(await response.arrayBuffer()));
      const status = reply.status.status;
      if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
        throw new TimestampError(`the time-stamping authority refused (PKIStatus ${status}${reply.status.statusStrings?.length ? `: ${reply.status.statusStrings.map((s) => s.valueBlock.value).join('; ')}` : ''})`);
      }
      if (!reply.timeStampToken) throw new TimestampError('the answer holds no time-stamp token');
      const token = new Uint8Array(reply.timeStampToken.toSchema().toBER(false));
      const { signedData, info } = readTimestampToken(token);
      if (Buffer.compare(Buffer.from(info.hashedMessage), Buffer.from(digest)) !== 0) throw new TimestampError('the token is for another digest');
      if (info.nonce !== BigInt(`0x${nonce.toString('hex')}`)) throw new TimestampError('the token does not carry our nonce');
      const check = checkSigner(signedData, [new Uint8Array(signedData.encapContentInfo.eContent?.getValue() ?? new ArrayBuffer(0))]);
      if (!check.digestValid || !check.signatureValid) throw new TimestampError('the token signature does not verify');
      return token;
    } catch (error) {
      if (error instanceof TimestampError) throw error;
      throw new TimestampError(`the time-stamping authority's answer cannot be read: ${(error as Error).message}`, { cause: error });
    }
  }
}
