import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../functions/core/roles';
import { TABLE_INDEXES } from '../../functions/ports/table';
import { EVIDENCE_DENIED_ACTIONS, EvidenceStack, type EvidenceStackProps, PUBLIC_PATHS, SIGNING_PATH } from './evidence-stack';

/** The stack in an app without bundling (the assets are placeholders; `npm run synth` bundles). */
function build(props: EvidenceStackProps = {}): { app: App; stack: EvidenceStack } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new EvidenceStack(app, 'Test', { retentionDays: 2555, webDistPath: join(tmpdir(), 'no-such-web-dist'), ...props });
  return { app, stack };
}

const synthesize = (props: EvidenceStackProps = {}): Template => Template.fromStack(build(props).stack);

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

let template: Template;
let resources: Resources;
beforeAll(() => {
  template = synthesize();
  resources = template.toJSON().Resources as Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
/** Every statement of every identity policy attached to a function role. */
function roleStatements(functionName: string): any[] {
  const [fnId, fn] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(functionName)) ?? [];
  expect(fnId, `function ${functionName}`).toBeDefined();
  const roleId = fn?.Properties.Role['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: any) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}
const actionsOf = (statement: any): string[] => [statement.Action].flat();

describe('evidence bucket', () => {
  it('is versioned, Object Lock COMPLIANCE with the configured retention, KMS-encrypted, private and logged', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2555 } } },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() }, BucketKeyEnabled: true }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'evidence/' },
    });
  });

  it('refuses non-TLS requests, deletions and retention changes to everyone', () => {
    const [evidenceId] = ofType('AWS::S3::Bucket').find(([, bucket]) => bucket.Properties.ObjectLockEnabled) ?? [];
    const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === evidenceId)?.[1];
    const statements: any[] = policy?.Properties.PolicyDocument.Statement ?? [];
    const deny = (sid: string) => statements.find((statement) => statement.Sid === sid);
    expect(statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
    expect(deny('EvidenceIsNeverDeleted')).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' } });
    expect(actionsOf(deny('EvidenceIsNeverDeleted'))).toEqual(expect.arrayContaining(['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention', 's3:PutBucketObjectLockConfiguration']));
    expect(deny('RetentionOnlyCompliance')).toMatchObject({ Effect: 'Deny', Action: 's3:PutObjectRetention', Condition: { StringNotEquals: { 's3:object-lock-mode': 'COMPLIANCE' } } });
  });
});

describe('other buckets', () => {
  it('keeps every bucket private, TLS-only and encrypted; quarantine objects expire', () => {
    for (const [id, bucket] of ofType('AWS::S3::Bucket')) {
      expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.Properties.BucketEncryption, id).toBeDefined();
      const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => p.Properties.Bucket.Ref === id)?.[1];
      expect(policy?.Properties.PolicyDocument.Statement.some((s: any) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'), id).toBe(true);
    }
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { LogFilePrefix: 'quarantine/' },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 7, Status: 'Enabled' })]) },
    });
  });

  it('sends ObjectCreated of the quarantine bucket to the ingest function', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { LambdaFunctionConfigurations: [Match.objectLike({ Events: ['s3:ObjectCreated:*'] })] },
    });
  });
});

describe('table', () => {
  it('is on demand with the indexes of DESIGN §3, TTL on expiresAt, point-in-time recovery and deletion protection', () => {
    const [, table] = ofType('AWS::DynamoDB::Table')[0] ?? [];
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    const indexes = Object.fromEntries(table?.Properties.GlobalSecondaryIndexes.map((index: any) => [index.IndexName, index.KeySchema.map((key: any) => key.AttributeName)]));
    expect(indexes).toEqual(Object.fromEntries(Object.entries(TABLE_INDEXES).map(([name, { pk, sk }]) => [name, [pk, sk]])));
  });
});

describe('keys and users', () => {
  it('has an asymmetric P-256 seal key (PDF seals and checkpoints)', () => {
    template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('requires TOTP MFA, allows no self sign-up, and has a group per role', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolTier: 'PLUS',
    });
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
  });
});

describe('HTTP API', () => {
  it('puts the Cognito JWT authorizer on every route but the public ones', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    const [authorizerId] = ofType('AWS::ApiGatewayV2::Authorizer')[0] ?? [];
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    const open = routes.filter((route) => route.AuthorizationType !== 'JWT').map((route) => route.RouteKey);
    expect(open.sort()).toEqual([...PUBLIC_PATHS.map((path) => `GET ${path}`), `GET ${SIGNING_PATH}`, `POST ${SIGNING_PATH}`].sort());
    for (const route of routes.filter((r) => r.AuthorizationType === 'JWT')) expect(route.AuthorizerId).toEqual({ Ref: authorizerId });
    expect(routes.length).toBeGreaterThan(PUBLIC_PATHS.length);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AccessLogSettings: { DestinationArn: Match.anyValue() } });
  });
});

describe('functions', () => {
  it('run on arm64 with a current Node runtime, bundled, each with a log group kept a year', () => {
    const functions = ofType('AWS::Lambda::Function').filter(([id]) => /^(api|ingest|textractComplete|scheduled|extract|packet)/.test(id));
    expect(functions).toHaveLength(6);
    for (const [id, fn] of functions) {
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(Number(/^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1]), id).toBeGreaterThanOrEqual(22);
      expect(fn.Properties.LoggingConfig?.LogGroup, id).toBeDefined();
      expect(fn.Properties.Environment.Variables).toMatchObject({ EVIDENCE_TABLE_NAME: expect.anything(), EVIDENCE_RETENTION_DAYS: '2555' });
    }
    const retentions = ofType('AWS::Logs::LogGroup').map(([, group]) => group.Properties.RetentionInDays);
    expect(retentions.length).toBeGreaterThanOrEqual(5);
    expect(retentions.every((days) => days === 365)).toBe(true);
  });

  it('may not delete evidence or bypass retention, and each gets only what it needs', () => {
    for (const name of ['api', 'ingest', 'textractComplete', 'scheduled', 'extract', 'packet']) {
      const statements = roleStatements(name);
      const deny = statements.find((s) => s.Sid === 'NeverDeleteEvidence');
      expect(deny?.Effect, name).toBe('Deny');
      expect(actionsOf(deny).sort(), name).toEqual([...EVIDENCE_DENIED_ACTIONS].sort());
      const allowed = statements.filter((s) => s.Effect === 'Allow').flatMap(actionsOf);
      expect(allowed.filter((action) => /^s3:(Delete|Bypass|PutBucket|PutLifecycle)/.test(action) && action !== 's3:DeleteObject'), name).toEqual([]);
      expect(allowed.some((action) => action === '*' || action === 's3:*' || action === 'kms:*'), name).toBe(false);
    }
    // Only the API (seals, the handoff report), the scheduled function (checkpoints) and the packet function sign; only functions that handle uploads touch quarantine.
    for (const name of ['api', 'scheduled', 'packet']) expect(roleStatements(name).flatMap(actionsOf), name).toContain('kms:Sign');
    for (const name of ['ingest', 'textractComplete', 'extract']) expect(roleStatements(name).flatMap(actionsOf), name).not.toContain('kms:Sign');
    expect(roleStatements('textractComplete').filter((s) => s.Effect === 'Allow').flatMap(actionsOf).filter((action) => action.startsWith('s3:'))).toEqual([]);
    // A DeleteObject allowed anywhere is on the quarantine bucket only.
    for (const name of ['api', 'ingest']) {
      const deletes = roleStatements(name).filter((s) => s.Effect === 'Allow' && actionsOf(s).includes('s3:DeleteObject'));
      expect(JSON.stringify(deletes), name).toMatch(/Quarantine/);
      expect(JSON.stringify(deletes), name).not.toMatch(/Evidence/);
    }
  });

  it('are wired to Textract completions over an encrypted, TLS-only topic and to a daily schedule', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'textract.amazonaws.com' } })] } });
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 18 * * ? *)' });
  });
});

describe('seal, extraction and notifications', () => {
  const statementsWith = (name: string, action: string) => roleStatements(name).filter((s) => s.Effect === 'Allow' && actionsOf(s).includes(action));

  it('lets the signing functions read the seal certificate, and only an operator policy write it', () => {
    for (const name of ['api', 'scheduled', 'packet']) {
      const [read] = statementsWith(name, 'ssm:GetParameter');
      expect(JSON.stringify(read?.Resource), name).toMatch(/parameter\/Test\/seal-certificate-chain/);
      expect(JSON.stringify(read?.Resource), name).toMatch(/parameter\/Test\/trusted-roots/);
      expect(roleStatements(name).flatMap(actionsOf), name).not.toContain('ssm:PutParameter');
      expect(roleStatements(name).flatMap(actionsOf), name).not.toContain('kms:GetPublicKey');
    }
    const [, issuer] = ofType('AWS::IAM::ManagedPolicy')[0] ?? [];
    expect(issuer?.Properties.PolicyDocument.Statement.flatMap(actionsOf).sort()).toEqual(['kms:GetPublicKey', 'ssm:GetParameter', 'ssm:PutParameter']);
    const api = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('api'))?.[1];
    expect(api?.Properties.Environment.Variables).toMatchObject({ EVIDENCE_SEAL_CERTIFICATE_PARAMETER: '/Test/seal-certificate-chain', EVIDENCE_SEAL_KEY_ID: expect.anything(), EVIDENCE_EXTRACT_FUNCTION: expect.anything() });
  });

  it('lets the API start the extract function, which may call Textract, pass it the publishing role and read the evidence it analyses', () => {
    for (const name of ['api', 'scheduled']) expect(JSON.stringify(statementsWith(name, 'lambda:InvokeFunction')[0]?.Resource), name).toMatch(/extract/);
    for (const name of ['ingest', 'textractComplete', 'extract', 'packet']) expect(statementsWith(name, 'lambda:InvokeFunction'), name).toEqual([]);
    expect(statementsWith('extract', 'textract:StartDocumentAnalysis').flatMap(actionsOf).sort()).toEqual(['textract:AnalyzeDocument', 'textract:AnalyzeExpense', 'textract:StartDocumentAnalysis', 'textract:StartExpenseAnalysis']);
    expect(statementsWith('textractComplete', 'textract:GetDocumentAnalysis').flatMap(actionsOf).sort()).toEqual(['textract:GetDocumentAnalysis', 'textract:GetExpenseAnalysis']);
    const [passRole] = statementsWith('extract', 'iam:PassRole');
    expect(JSON.stringify(passRole?.Resource)).toMatch(/TextractPublishRole/);
    expect(passRole?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'textract.amazonaws.com' } });
    // Textract reads the S3 object with the caller's permissions: the evidence objects and their key, read only.
    expect(JSON.stringify(statementsWith('extract', 's3:GetObject')[0]?.Resource)).toMatch(/Evidence.*sha256\/\*/);
    expect(statementsWith('extract', 'kms:Decrypt')).toHaveLength(1);
    expect(roleStatements('extract').filter((s) => s.Effect === 'Allow').flatMap(actionsOf).filter((a) => a.startsWith('s3:') && a !== 's3:GetObject')).toEqual([]);
    const extract = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('extract'))?.[1];
    expect(extract?.Properties.Environment.Variables).toMatchObject({ EVIDENCE_TEXTRACT_TOPIC_ARN: expect.anything(), EVIDENCE_TEXTRACT_ROLE_ARN: expect.anything() });
  });

  it('sends e-mail from the configured identity and text messages to phones only, and nothing without a sender', () => {
    // Prepare
    const withSender = synthesize({ emailFrom: 'Evidence file <no-reply@mail.example.com>' });
    const statements = (t: Template, name: string) => {
      const all = t.toJSON().Resources as Resources;
      const roleId = Object.entries(all).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(name))?.[1].Properties.Role['Fn::GetAtt'][0];
      return Object.values(all).filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((role: any) => role.Ref === roleId)).flatMap((r) => r.Properties.PolicyDocument.Statement);
    };
    // Assess
    for (const name of ['api', 'scheduled']) {
      const ses = statements(withSender, name).find((s) => actionsOf(s).includes('ses:SendEmail'));
      expect(ses?.Condition, name).toEqual({ StringEquals: { 'ses:FromAddress': 'no-reply@mail.example.com' } });
      expect(JSON.stringify(ses?.Resource), name).toMatch(/identity\/no-reply@mail.example.com.*identity\/mail.example.com/);
      const sms = statements(withSender, name).find((s) => actionsOf(s).includes('sns:Publish'));
      expect(sms).toMatchObject({ Effect: 'Allow', NotResource: 'arn:aws:sns:*:*:*' });
      expect(statements(template, name).flatMap(actionsOf), name).not.toContain('ses:SendEmail');
    }
    for (const name of ['ingest', 'textractComplete', 'extract', 'packet']) expect(statements(withSender, name).flatMap(actionsOf), name).not.toContain('ses:SendEmail');
  });
});

describe('handoff and packets', () => {
  it('starts the packet function from inserts of packet records on the table stream only', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
    const [packetId] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('packet')) ?? [];
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, mapping]) => mapping.Properties);
    expect(mappings).toHaveLength(1);
    expect(mappings[0]).toMatchObject({ FunctionName: { Ref: packetId }, StartingPosition: 'LATEST', BatchSize: 1, MaximumRetryAttempts: 2, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(JSON.parse(mappings[0]?.FilterCriteria.Filters[0].Pattern)).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { sk: { S: [{ prefix: 'PACKET#' }] } } } });
  });

  it('lets only the API place legal holds, on evidence objects, and nobody lift retention', () => {
    const holders = ['api', 'ingest', 'textractComplete', 'scheduled', 'extract', 'packet'].filter((name) => roleStatements(name).some((s) => s.Effect === 'Allow' && actionsOf(s).includes('s3:PutObjectLegalHold')));
    expect(holders).toEqual(['api']);
    const hold = roleStatements('api').find((s) => actionsOf(s).includes('s3:PutObjectLegalHold'));
    expect(JSON.stringify(hold.Resource)).toContain('/sha256/*');
    expect(actionsOf(hold)).toEqual(['s3:PutObjectLegalHold']);
  });
});

describe('alarms', () => {
  it('watch function errors and throttles, DynamoDB system errors and API 5xx', () => {
    const metrics = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => `${alarm.Properties.Namespace}/${alarm.Properties.MetricName}`);
    expect(metrics.filter((m) => m === 'AWS/Lambda/Errors')).toHaveLength(6);
    expect(metrics.filter((m) => m === 'AWS/Lambda/Throttles')).toHaveLength(6);
    expect(metrics).toContain('AWS/DynamoDB/SystemErrors');
    expect(metrics).toContain('AWS/ApiGateway/5xx');
    for (const [, alarm] of ofType('AWS::CloudWatch::Alarm')) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });
});

describe('web app', () => {
  it('serves from a private bucket through CloudFront (OAC), with the API under /v1 on the same origin', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [, distribution] = ofType('AWS::CloudFront::Distribution')[0] ?? [];
    const config = distribution?.Properties.DistributionConfig;
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.Logging).toBeDefined();
    // No custom error pages: they would turn the API's 403 / 404 problems into index.html.
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    const apiOrigin = config.Origins.find((origin: any) => JSON.stringify(origin.DomainName).includes('execute-api'));
    const behaviors = Object.fromEntries(config.CacheBehaviors.map((behavior: any) => [behavior.PathPattern, behavior]));
    expect(Object.keys(behaviors).sort()).toEqual(['/health', '/v1/*']);
    for (const behavior of Object.values<any>(behaviors)) {
      expect(behavior.TargetOriginId).toBe(apiOrigin.Id);
      expect(behavior.AllowedMethods).toContain('POST');
    }
  });

  it('signs in through the hosted UI with the code flow, and tells the web app where in /config.json', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: Match.arrayWith(['openid']),
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', Match.anyValue(), '/auth/callback']] }],
      GenerateSecret: false,
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('deploys web/dist when it is built, and /config.json always', () => {
    // Prepare
    const dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Evidence</title>');
    try {
      // Act
      const withWeb = synthesize({ webDistPath: dist });
      // Assess
      const sources = (t: Template) => (Object.values(t.findResources('Custom::CDKBucketDeployment'))[0] as any).Properties.SourceObjectKeys;
      expect(sources(withWeb)).toHaveLength(2);
      expect(sources(template)).toHaveLength(1);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged, with and without the web deployment and an e-mail sender', () => {
    // Prepare
    const dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html>');
    try {
      for (const props of [{}, { webDistPath: dist, emailFrom: 'no-reply@example.com', tsaUrl: 'http://tsa.example.com' }]) {
        const { app, stack } = build(props);
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
        // Act
        const report = new AwsSolutionsChecks().validateScope(stack);
        // Assess
        expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
        expect(() => app.synth()).not.toThrow();
      }
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('fails synth on a finding nobody acknowledged', () => {
    // Prepare: a bucket without TLS enforcement or logging
    const { app, stack } = build();
    new s3.Bucket(stack, 'Careless');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Act
    const synth = () => app.synth();
    // Assess
    expect(synth).toThrow(/AwsSolutions-S(1|10)/);
  });
});
