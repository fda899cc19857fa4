import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message the stand-in accepted, as the provider would hand it on. */
export interface SentMessage {
  channel: 'email' | 'sms';
  messageId: string;
  from?: string;
  to: string[];
  subject?: string;
  text: string;
  /** SMS attributes (`AWS.SNS.SMS.SMSType`…) or e-mail tags. */
  attributes: Record<string, string>;
}

/**
 * A local stand-in for the two AWS services that deliver notifications, speaking their wire
 * protocols on 127.0.0.1 so the real SDK clients run against it and a test can read what would
 * have been sent:
 * - SES v2 `SendEmail` (REST JSON, `POST /v2/email/outbound-emails`), simple content only;
 * - SNS `Publish` to a phone number (AWS Query protocol: form-encoded request, XML answer).
 * It refuses what the services refuse: no sender or recipient, a phone not in E.164 form, a
 * request without a SigV4 `Authorization` header, with the services' error shapes.
 *
 * @example
 * const stand = await startSesSnsStandIn();
 * const ses = new SESv2Client({ endpoint: stand.endpoint, region: 'us-east-1', credentials });
 */
export async function startSesSnsStandIn() {
  const sent: SentMessage[] = [];

  function sendEmail(body: Record<string, any>): Record<string, unknown> {
    const to: string[] = body.Destination?.ToAddresses ?? [];
    const simple = body.Content?.Simple;
    if (!body.FromEmailAddress) throw restError('BadRequestException', 'FromEmailAddress is required');
    if (to.length === 0) throw restError('BadRequestException', 'at least one destination address is required');
    if (!simple?.Subject?.Data || simple?.Body?.Text?.Data === undefined) throw restError('BadRequestException', 'Simple content needs a subject and a body');
    const messageId = randomUUID();
    sent.push({ channel: 'email', messageId, from: body.FromEmailAddress, to, subject: simple.Subject.Data, text: simple.Body.Text.Data, attributes: Object.fromEntries((body.EmailTags ?? []).map((tag: { Name: string; Value: string }) => [tag.Name, tag.Value])) });
    return { MessageId: messageId };
  }

  function publish(form: URLSearchParams): string {
    if (form.get('Action') !== 'Publish') throw queryError('InvalidAction', `unsupported action ${form.get('Action')}`);
    const phone = form.get('PhoneNumber');
    const message = form.get('Message');
    if (!phone || !/^\+[1-9]\d{1,14}$/.test(phone)) throw queryError('InvalidParameter', 'Invalid parameter: PhoneNumber Reason: must be in E.164 format');
    if (!message) throw queryError('InvalidParameter', 'Invalid parameter: Message');
    const attributes: Record<string, string> = {};
    for (let i = 1; form.has(`MessageAttributes.entry.${i}.Name`); i++) attributes[form.get(`MessageAttributes.entry.${i}.Name`) as string] = form.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? '';
    const messageId = randomUUID();
    sent.push({ channel: 'sms', messageId, to: [phone], text: message, attributes });
    return `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`;
  }

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signed = request.headers.authorization?.startsWith('AWS4-HMAC-SHA256');
      if (request.method === 'POST' && request.url === '/v2/email/outbound-emails') {
        try {
          if (!signed) throw restError('UnrecognizedClientException', 'missing authentication');
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(sendEmail(JSON.parse(body || '{}'))));
        } catch (error) {
          const { type, message } = error as { type: string; message: string };
          response.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': type }).end(JSON.stringify({ message }));
        }
        return;
      }
      try {
        if (!signed) throw queryError('MissingAuthenticationToken', 'missing authentication');
        response.writeHead(200, { 'content-type': 'text/xml' }).end(publish(new URLSearchParams(body)));
      } catch (error) {
        const { type, message } = error as { type: string; message: string };
        response.writeHead(400, { 'content-type': 'text/xml' }).end(`<ErrorResponse><Error><Type>Sender</Type><Code>${type}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Every accepted message, oldest first. */
    sent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function restError(type: string, message: string): Error & { type: string } {
  return Object.assign(new Error(message), { type });
}
const queryError = restError;
