import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from './clock';
import type { Notification, Notifier } from './notifier';

/** A message as it reached its recipient (or, for the outbox, as it was kept for them). */
export interface Delivered {
  to: { email?: string; phone?: string };
  subject?: string;
  text: string;
}

export interface NotifierFixture {
  notifier: Notifier;
  clock: Clock;
  /** What was delivered so far, oldest first, read from where it went (the table, the provider). */
  delivered(): Promise<Delivered[]>;
  dispose(): Promise<void>;
}

/**
 * What every Notifier must do (DESIGN §2: outbox embedded, SES / SNS on AWS), run against each
 * adapter: the recipient's e-mail gets the subject and text, unchanged (Chinese included); a
 * recipient with a phone gets the text on it; every message is delivered once and answered
 * with its own id and the time it was sent.
 */
export function notifierContract(name: string, makeFixture: () => Promise<NotifierFixture>): void {
  describe(`Notifier contract: ${name}`, () => {
    let fixture: NotifierFixture;
    beforeAll(async () => {
      fixture = await makeFixture();
    });
    afterAll(async () => fixture.dispose());

    const email: Notification = {
      kind: 'limitation.warning',
      to: { userId: 'legal-1', name: 'Legal One 法务', email: 'legal-1@example.test' },
      debtId: 'debt-1',
      subject: 'Limitation: 30 days left for 福州某某建设工程有限公司',
      text: 'The limitation period ends on 2027-01-31.\n请在最后一天前取得债务人签字的确认函。',
    };

    it('e-mails the subject and text to the recipient, and answers with an id and the time sent', async () => {
      // Act
      const sent = await fixture.notifier.send(email);
      // Assess
      expect(sent).toMatchObject({ ...email, sentAt: fixture.clock.now().toISOString() });
      expect(sent.id).toMatch(/^[0-9a-f-]{36}$/);
      const delivered = (await fixture.delivered()).filter((message) => message.to.email === 'legal-1@example.test');
      expect(delivered).toEqual([expect.objectContaining({ subject: email.subject, text: email.text })]);
    });

    it('sends the text to the phone of a recipient who has one', async () => {
      // Prepare
      const code: Notification = { kind: 'signing.otp', to: { name: 'Li Lei', phone: '+8613800138000' }, subject: 'Visit record: your code', text: 'Your code is 482913. 签署验证码：482913。' };
      // Act
      await fixture.notifier.send(code);
      // Assess
      const delivered = (await fixture.delivered()).filter((message) => message.to.phone === '+8613800138000');
      expect(delivered).toHaveLength(1);
      expect(delivered[0]?.text).toContain(code.text);
    });

    it('delivers each of many concurrent messages once, each with its own id', async () => {
      // Prepare
      const messages = Array.from({ length: 12 }, (_, i): Notification => ({ kind: 'signing.link', to: { name: `Signer ${i}`, email: `signer-${i}@example.test` }, subject: `Please sign ${i}`, text: `Open link ${i}` }));
      // Act
      const sent = await Promise.all(messages.map((message) => fixture.notifier.send(message)));
      // Assess
      expect(new Set(sent.map((message) => message.id)).size).toBe(12);
      const delivered = (await fixture.delivered()).filter((message) => message.to.email?.startsWith('signer-'));
      expect(delivered.map((message) => [message.to.email, message.text]).sort()).toEqual(messages.map((message) => [message.to.email, message.text]).sort());
    });
  });
}
