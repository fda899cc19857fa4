/**
 * The Notifier port: messages to users and signers (one-time codes, signing links, limitation
 * warnings). Embedded: an outbox kept in the table, logged, readable by admins at
 * `GET /v1/dev/outbox`. AWS: e-mail by SES and text messages by SNS (or the outbox until a sender
 * identity is configured).
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

/** The recipient has no address this Notifier can deliver to (no e-mail and no phone); sending again will not help. */
export class UndeliverableNotificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndeliverableNotificationError';
  }
}

/** Embedded only: reads back what the outbox Notifier "sent", newest first (for admins). */
export interface OutboxReader {
  list(page: { limit: number; cursor?: string }): Promise<{ items: SentNotification[]; nextCursor?: string }>;
}
