import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EvidenceStack } from '../lib/evidence-stack';

/**
 * The CDK app (`cdk.json`: `npx tsx infra/bin/app.ts`). Settings come from context
 * (`cdk deploy -c retentionDays=3650 -c alarmEmail=ops@example.com`); the stack is
 * environment-agnostic unless CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION are set, so synth works
 * offline without credentials. cdk-nag's AwsSolutions pack runs as a validation plugin: synth fails
 * on any finding that is not acknowledged with a reason.
 */
const app = new App();
const context = (name: string): string | undefined => app.node.tryGetContext(name) as string | undefined;
const number = (name: string): number | undefined => (context(name) === undefined ? undefined : Number(context(name)));

new EvidenceStack(app, context('stackName') ?? 'EvidenceFile', {
  ...(process.env.CDK_DEFAULT_ACCOUNT && process.env.CDK_DEFAULT_REGION ? { env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION } } : {}),
  ...(number('retentionDays') !== undefined ? { retentionDays: number('retentionDays') } : {}),
  ...(number('quarantineExpiryDays') !== undefined ? { quarantineExpiryDays: number('quarantineExpiryDays') } : {}),
  ...(context('alarmEmail') ? { alarmEmail: context('alarmEmail') } : {}),
  ...(context('legalTeamEmail') ? { legalTeamEmail: context('legalTeamEmail') } : {}),
  ...(context('webOrigins') ? { extraWebOrigins: String(context('webOrigins')).split(',') } : {}),
  ...(context('cognitoDomainPrefix') ? { cognitoDomainPrefix: context('cognitoDomainPrefix') } : {}),
  ...(context('emailFrom') ? { emailFrom: context('emailFrom') } : {}),
  ...(context('tsaUrl') ? { tsaUrl: context('tsaUrl') } : {}),
  ...(number('apiReservedConcurrency') !== undefined ? { apiReservedConcurrency: number('apiReservedConcurrency') } : {}),
  ...(number('extractConcurrency') !== undefined ? { extractConcurrency: number('extractConcurrency') } : {}),
  ...(String(context('sourceMaps')) === 'true' ? { sourceMaps: true } : {}),
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
