import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UndeliverableNotificationError } from '../../ports/notifier';
import { notifierContract } from '../../ports/notifier.contract';
import { TestClock } from '../../testing/harness';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../testing/local-services';
import { startSesSnsStandIn } from '../../testing/ses-sns-stand-in';
import { SesSnsNotifier } from './ses-sns-notifier';

async function start() {
  const stand = await startSesSnsStandIn();
  const settings = { endpoint: stand.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const ses = new SESv2Client(settings);
  const sns = new SNSClient(settings);
  const clock = new TestClock();
  const notifier = new SesSnsNotifier({ ses, sns, from: 'Evidence file <no-reply@example.test>', clock });
  return {
    stand,
    notifier,
    clock,
    dispose: async () => {
      ses.destroy();
      sns.destroy();
      await stand.close();
    },
  };
}

notifierContract('SesSnsNotifier (real SES v2 and SNS clients against a local wire-protocol stand-in)', async () => {
  const { stand, notifier, clock, dispose } = await start();
  return {
    notifier,
    clock,
    delivered: async () =>
      stand.sent.flatMap((message) =>
        message.to.map((address) => (message.channel === 'email' ? { to: { email: address }, subject: message.subject as string, text: message.text } : { to: { phone: address }, text: message.text })),
      ),
    dispose,
  };
});

describe('SesSnsNotifier', () => {
  let context: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    context = await start();
  });
  afterAll(async () => context.dispose());

  it('e-mails from the configured identity and texts phones as transactional SMS, a number without country code as Chinese', async () => {
    // Act
    await context.notifier.send({ kind: 'signing.link', to: { name: 'Wang', email: 'wang@example.test' }, subject: '催款走访记录: please sign', text: 'Open https://evidence.example/sign/x' });
    await context.notifier.send({ kind: 'signing.otp', to: { name: 'Li', phone: '138 0013 8000', email: 'li@example.test' }, subject: 'code', text: 'Your code is 123456' });
    // Assess
    expect(context.stand.sent.map(({ channel, from, to, attributes }) => ({ channel, from, to, attributes }))).toEqual([
      { channel: 'email', from: 'Evidence file <no-reply@example.test>', to: ['wang@example.test'], attributes: { kind: 'signing_link' } },
      { channel: 'sms', from: undefined, to: ['+8613800138000'], attributes: { 'AWS.SNS.SMS.SMSType': 'Transactional' } },
    ]);
  });

  it('refuses a recipient it cannot reach, sending nothing', async () => {
    // Prepare
    const before = context.stand.sent.length;
    // Act
    const noAddress = context.notifier.send({ kind: 'limitation.warning', to: { userId: 'collector-1', name: 'Collector One' }, subject: 's', text: 't' });
    const badPhone = context.notifier.send({ kind: 'signing.otp', to: { name: 'X', phone: '12' }, subject: 's', text: 't' });
    // Assess
    await expect(noAddress).rejects.toBeInstanceOf(UndeliverableNotificationError);
    await expect(badPhone).rejects.toBeInstanceOf(UndeliverableNotificationError);
    expect(context.stand.sent.length).toBe(before);
  });
});
