import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { newId } from '../../core/ids';
import type { Clock } from '../../ports/clock';
import { type Notification, type Notifier, type SentNotification, UndeliverableNotificationError } from '../../ports/notifier';

export interface SesSnsNotifierOptions {
  /** Created once at module scope by the entry point. */
  ses: Pick<SESv2Client, 'send'>;
  sns: Pick<SNSClient, 'send'>;
  /** The sender identity verified in SES, e.g. `Evidence file <no-reply@example.com>`. */
  from: string;
  clock: Clock;
  /** Country calling code of numbers written without one (`13800138000` → `+8613800138000`). */
  defaultCountryCode?: string;
}

/**
 * AWS Notifier (DESIGN §2): a text message by SNS (`Publish` to a phone number, SMS type
 * `Transactional`) when the recipient has a phone, otherwise an e-mail by SES v2 (`SendEmail`,
 * plain UTF-8 text) — the channel the signing service records for one-time codes. A recipient with
 * neither is refused with {@link UndeliverableNotificationError}. The message text is never logged
 * (it may hold a one-time code); the provider's message id is.
 *
 * @example
 * const notifier = new SesSnsNotifier({ ses: new SESv2Client({}), sns: new SNSClient({}), from: 'no-reply@example.com', clock: systemClock });
 * await notifier.send({ kind: 'signing.otp', to: { name: 'Li Lei', phone: '+86 138 0000 0000' }, subject: 'Code', text: 'Your code is 123456' });
 */
export class SesSnsNotifier implements Notifier {
  constructor(private readonly options: SesSnsNotifierOptions) {}

  async send(notification: Notification): Promise<SentNotification> {
    const { to } = notification;
    let providerMessageId: string | undefined;
    if (to.phone) {
      const phone = e164(to.phone, this.options.defaultCountryCode ?? '86');
      if (!phone) throw new UndeliverableNotificationError(`"${to.phone}" is not a phone number SMS can reach`);
      const answer = await this.options.sns.send(
        new PublishCommand({ PhoneNumber: phone, Message: notification.text, MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } } }),
      );
      providerMessageId = answer.MessageId;
    } else if (to.email) {
      const answer = await this.options.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.options.from,
          Destination: { ToAddresses: [to.email] },
          Content: { Simple: { Subject: { Data: notification.subject, Charset: 'UTF-8' }, Body: { Text: { Data: notification.text, Charset: 'UTF-8' } } } },
          EmailTags: [{ Name: 'kind', Value: notification.kind.replace(/[^A-Za-z0-9_-]/g, '_') }],
        }),
      );
      providerMessageId = answer.MessageId;
    } else {
      throw new UndeliverableNotificationError(`${to.name ?? to.userId ?? 'the recipient'} has no e-mail address or phone number`);
    }
    const sent: SentNotification = { ...notification, id: newId(), sentAt: this.options.clock.now().toISOString() };
    console.log(JSON.stringify({ level: 'info', message: 'notification sent', id: sent.id, kind: sent.kind, debtId: sent.debtId, channel: to.phone ? 'sms' : 'email', providerMessageId }));
    return sent;
  }
}

/** E.164 form of a phone number (`+` and 8 to 15 digits), or undefined. */
function e164(phone: string, defaultCountryCode: string): string | undefined {
  const digits = phone.replace(/[\s-]/g, '');
  const full = digits.startsWith('+') ? digits : `+${defaultCountryCode}${digits.replace(/^0+/, '')}`;
  return /^\+[1-9]\d{7,14}$/.test(full) ? full : undefined;
}
