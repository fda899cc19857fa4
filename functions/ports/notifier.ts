/**
 * The Notifier port: messages to users and signers (one-time codes, signing links, limitation
 * warnings). Embedded: an outbox kept in the table, logged, readable by admins at
 * `GET /v1/dev/outbox`. AWS: SES / SNS.
 */
export interface Notification {
  /** What kind of message: `signing.otp`, `signing.link`, `limitation.warning`, … */
  kind: string;
  to: { userId?: string; name?: string; email?: string; phone?: string };
  subject: string;
  text: string;
  debtId?: string;
}

export interface SentNotification extends Notification {
  id: string;
  sentAt: string;
}

export interface Notifier {
  send(notification: Notification): Promise<SentNotification>;
}
