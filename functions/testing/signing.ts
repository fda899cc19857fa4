import { findTemplate } from '../../templates/index';
import type { Harness } from './harness';

/**
 * Runs a signing request through to its sealed document the way a signer would: the link, a
 * one-time code read from the outbox, consent and a typed signature.
 *
 * @example
 * const { documentId } = await signThroughLinks(h, debtId, 'acknowledgement.zh-CN');
 */
export async function signThroughLinks(
  h: Harness,
  debtId: string,
  template: string,
  options: { data?: unknown; requestedBy?: string; signer?: { name: string; phone: string } } = {},
): Promise<{ id: string; documentId: string }> {
  const signer = options.signer ?? { name: '王五', phone: '+86 138 0000 0009' };
  const created = await h.as(options.requestedBy ?? 'collector-1').post(`/v1/debts/${debtId}/signing-requests`, {
    template,
    data: options.data ?? findTemplate(template)?.example,
    signers: [signer],
    mode: 'remote',
  });
  if (created.status !== 201) throw new Error(`signing request refused: ${created.status} ${await created.text()}`);
  const request = (await created.json()) as { id: string; signers: Array<{ link: string }> };
  const path = `/v1${new URL(request.signers[0]!.link).pathname}`;
  const send = (method: string, suffix: string, json?: unknown) =>
    h.app.request(`${path}${suffix}`, { method, headers: json === undefined ? {} : { 'content-type': 'application/json' }, ...(json === undefined ? {} : { body: JSON.stringify(json) }) });
  await send('GET', '');
  await send('POST', '/otp');
  const outbox = (await (await h.as('admin-1').get('/v1/dev/outbox?limit=50')).json()) as { items: Array<{ kind: string; to: { phone?: string }; text: string }> };
  const message = outbox.items.find((m) => m.kind === 'signing.otp' && m.to.phone === signer.phone);
  const otp = /(\d{6})/.exec(message?.text ?? '')?.[1];
  const signed = await send('POST', '', { otp, consent: true, signature: { kind: 'typed', text: signer.name } });
  if (signed.status !== 200) throw new Error(`signing failed: ${signed.status} ${await signed.text()}`);
  const status = (await (await h.as('legal-1').get(`/v1/debts/${debtId}/signing-requests/${request.id}`)).json()) as { documentId?: string };
  if (!status.documentId) throw new Error('the request completed without a sealed document');
  return { id: request.id, documentId: status.documentId };
}
