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
import { API_DELETE_PARTITIONS, ASYNC_FUNCTIONS, defaultDomainPrefix, EVIDENCE_DENIED_ACTIONS, EvidenceStack, type EvidenceStackProps, PUBLIC_PATHS, SIGNING_PATH } from './evidence-stack';

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
    expect(deny('EvidenceIsNeverDeleted').Condition).toBeUndefined();
    expect(actionsOf(deny('EvidenceIsNeverDeleted'))).toEqual(expect.arrayContaining(['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention']));
    // The lock configuration is denied to everyone but CloudFormation's execution role, so a deploy can still change it.
    expect(deny('LockConfigurationOnlyByDeploy')).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' } });
    expect(actionsOf(deny('LockConfigurationOnlyByDeploy')).sort()).toEqual(['s3:PutBucketObjectLockConfiguration', 's3:PutBucketVersioning', 's3:PutLifecycleConfiguration']);
    expect(JSON.stringify(deny('LockConfigurationOnlyByDeploy').Condition.ArnNotLike['aws:PrincipalArn'])).toContain(':role/cdk-*-cfn-exec-role-*');
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
    const functions = ofType('AWS::Lambda::Function').filter(([id]) => /^(api|ingest|textractComplete|scheduled|extract|packet|auditMirror)/.test(id));
    expect(functions).toHaveLength(7);
    for (const [id, fn] of functions) {
      expect(fn.Properties.Architectures, id).toEqual(['arm64']);
      expect(Number(/^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1]), id).toBeGreaterThanOrEqual(22);
      expect(fn.Properties.LoggingConfig?.LogGroup, id).toBeDefined();
      expect(fn.Properties.Environment.Variables).toMatchObject({ EVIDENCE_TABLE_NAME: expect.anything(), EVIDENCE_RETENTION_DAYS: '2555' });
      // Source maps double the cold import; they are opt-in (sourceMaps: true).
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS, id).toBeUndefined();
    }
    const retentions = ofType('AWS::Logs::LogGroup').map(([, group]) => group.Properties.RetentionInDays);
    expect(retentions.length).toBeGreaterThanOrEqual(5);
    expect(retentions.every((days) => days === 365)).toBe(true);
  });

  it('may not delete evidence or bypass retention, and each gets only what it needs', () => {
    for (const name of ['api', 'ingest', 'textractComplete', 'scheduled', 'extract', 'packet', 'auditMirror']) {
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

  it('get on the table only what the table adapter calls; only the API deletes, in debt and idempotency partitions', () => {
    // The adapter (functions/adapters/dynamodb) sends GetItem, BatchGetItem, Query and TransactWriteItems (Put and Delete writes).
    for (const name of ['api', 'ingest', 'textractComplete', 'scheduled', 'extract', 'packet', 'auditMirror']) {
      const dynamo = roleStatements(name).filter((s) => s.Effect === 'Allow').flatMap(actionsOf).filter((action) => action.startsWith('dynamodb:'));
      const stream = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
      const tableActions = dynamo.filter((action) => !stream.includes(action));
      if (name === 'auditMirror') expect(tableActions, name).toEqual([]);
      else expect(tableActions.sort(), name).toEqual([...['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], ...(name === 'api' ? ['dynamodb:DeleteItem'] : [])].sort());
      expect(dynamo.some((action) => /Scan|BatchWrite|UpdateItem|\*/.test(action)), name).toBe(false);
    }
    const deletes = roleStatements('api').filter((s) => actionsOf(s).includes('dynamodb:DeleteItem'));
    expect(deletes).toHaveLength(1);
    expect(deletes[0].Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DEBT#*', 'IDEM#*'] } });
    expect(API_DELETE_PARTITIONS).toEqual(['DEBT#*', 'IDEM#*']);
  });

  it('send what failed after every retry to a failure queue per function, each watched by an alarm', () => {
    const queues = ofType('AWS::SQS::Queue');
    expect(queues.map(([id]) => id.replace(/Failures.*$/, '')).sort()).toEqual([...ASYNC_FUNCTIONS].sort());
    const queueOf = (name: string) => queues.find(([id]) => id.startsWith(`${name}Failures`))?.[0];
    // Asynchronous invocations (S3, SNS, EventBridge, the API's hand-over): an on-failure destination.
    const invokeConfigs = ofType('AWS::Lambda::EventInvokeConfig').map(([, c]) => c.Properties);
    for (const name of ['ingest', 'textractComplete', 'scheduled', 'extract']) {
      const config = invokeConfigs.find((c) => JSON.stringify(c.FunctionName).includes(`"${name}`));
      expect(config, name).toMatchObject({ MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueOf(name), 'Arn'] } } } });
    }
    // Stream consumers: the mapping's on-failure destination; the mirror retries until the record leaves the stream.
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    for (const name of ['packet', 'auditMirror']) {
      const mapping = mappings.find((m) => JSON.stringify(m.FunctionName).includes(`"${name}`));
      expect(mapping?.DestinationConfig, name).toEqual({ OnFailure: { Destination: { 'Fn::GetAtt': [queueOf(name), 'Arn'] } } });
    }
    expect(mappings.find((m) => JSON.stringify(m.FunctionName).includes('"auditMirror'))).toMatchObject({ MaximumRetryAttempts: -1 });
    const depthAlarms = ofType('AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(depthAlarms.map(([, a]) => a.Properties.Dimensions[0].Value.ref ?? a.Properties.Dimensions[0].Value['Fn::GetAtt'][0]).sort()).toEqual(ASYNC_FUNCTIONS.map(queueOf).sort());
  });

  it('reserve concurrency for the API and cap extraction, and give the packet function room in /tmp', () => {
    const fnProps = (name: string) => ofType('AWS::Lambda::Function').find(([id]) => id.startsWith(name))?.[1].Properties ?? {};
    expect(fnProps('api').ReservedConcurrentExecutions).toBe(50);
    expect(fnProps('extract').ReservedConcurrentExecutions).toBe(10);
    expect(fnProps('packet').EphemeralStorage).toEqual({ Size: 2048 });
    const lowLimit = synthesize({ apiReservedConcurrency: 0 }).toJSON().Resources as Resources;
    expect(Object.entries(lowLimit).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('api'))?.[1].Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('sweeps stuck extractions and packets hourly, and alarms on packets it fails', () => {
    const [, hourly] = ofType('AWS::Events::Rule').find(([, r]) => r.Properties.ScheduleExpression === 'rate(1 hour)') ?? [];
    expect(JSON.parse(hourly?.Properties.Targets[0].Input)).toEqual({ task: 'sweep' });
    expect(hourly?.Properties.Targets[0].DeadLetterConfig).toBeDefined();
    const filters = ofType('AWS::Logs::MetricFilter').map(([, f]) => f.Properties.FilterPattern);
    expect(filters).toContain('{ $.message = "packet stuck building marked failed" }');
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
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, mapping]) => mapping.Properties).filter((m) => m.FunctionName.Ref === packetId);
    expect(mappings).toHaveLength(1);
    expect(mappings[0]).toMatchObject({ FunctionName: { Ref: packetId }, StartingPosition: 'LATEST', BatchSize: 1, MaximumRetryAttempts: 2, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(JSON.parse(mappings[0]?.FilterCriteria.Filters[0].Pattern)).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { sk: { S: [{ prefix: 'PACKET#' }] } } } });
  });

  it('lets only the API place legal holds, on evidence objects, and nobody lift retention', () => {
    const holders = ['api', 'ingest', 'textractComplete', 'scheduled', 'extract', 'packet', 'auditMirror'].filter((name) => roleStatements(name).some((s) => s.Effect === 'Allow' && actionsOf(s).includes('s3:PutObjectLegalHold')));
    expect(holders).toEqual(['api']);
    const hold = roleStatements('api').find((s) => actionsOf(s).includes('s3:PutObjectLegalHold'));
    expect(JSON.stringify(hold.Resource)).toContain('/sha256/*');
    expect(actionsOf(hold)).toEqual(['s3:PutObjectLegalHold']);
  });
});

describe('alarms', () => {
  it('watch function errors and throttles, DynamoDB system errors and API 5xx', () => {
    const metrics = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => `${alarm.Properties.Namespace}/${alarm.Properties.MetricName}`);
    expect(metrics.filter((m) => m === 'AWS/Lambda/Errors')).toHaveLength(7);
    expect(metrics.filter((m) => m === 'AWS/Lambda/Throttles')).toHaveLength(7);
    expect(metrics).toContain('AWS/DynamoDB/SystemErrors');
    expect(metrics).toContain('AWS/ApiGateway/5xx');
    for (const [, alarm] of ofType('AWS::CloudWatch::Alarm')) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('reach someone: the topic’s key lets CloudWatch and EventBridge encrypt, and its policy lets them publish', () => {
    // Prepare
    const [topicId, topic] = ofType('AWS::SNS::Topic').find(([id]) => id.startsWith('Alarms')) ?? [];
    const keyId = topic?.Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    const keyStatements: any[] = resources[keyId]?.Properties.KeyPolicy.Statement ?? [];
    const topicStatements: any[] = ofType('AWS::SNS::TopicPolicy').filter(([, p]) => p.Properties.Topics.some((t: any) => t.Ref === topicId)).flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    // Assess: every alarm publishes to this topic
    for (const [, alarm] of ofType('AWS::CloudWatch::Alarm')) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    const keyUse = keyStatements.find((s) => s.Effect === 'Allow' && [s.Principal?.Service].flat().includes('cloudwatch.amazonaws.com'));
    expect(actionsOf(keyUse).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect([keyUse.Principal.Service].flat()).toContain('events.amazonaws.com');
    const publish = topicStatements.find((s) => s.Effect === 'Allow' && s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(actionsOf(publish)).toEqual(['sns:Publish']);
    expect(JSON.stringify(publish.Condition.ArnLike['aws:SourceArn'])).toContain(':alarm:*');
    expect(topicStatements.some((s) => s.Effect === 'Allow' && s.Principal?.Service === 'events.amazonaws.com' && actionsOf(s).includes('sns:Publish'))).toBe(true);
    // SNS's default policy (the account manages its topic) is kept, and non-TLS publishing refused.
    const owner = topicStatements.find((s) => s.Sid === 'AccountManagesTopic');
    expect(actionsOf(owner)).toEqual(expect.arrayContaining(['sns:Publish', 'sns:Subscribe', 'sns:GetTopicAttributes']));
    expect(topicStatements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
  });
});

describe('evidence key (crypto-shredding)', () => {
  const evidenceKey = () => {
    const [, bucket] = ofType('AWS::S3::Bucket').find(([, b]) => b.Properties.ObjectLockEnabled) ?? [];
    const keyId = bucket?.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.KMSMasterKeyID['Fn::GetAtt'][0];
    return resources[keyId]?.Properties.KeyPolicy.Statement as any[];
  };
  const breakGlassId = () => ofType('AWS::IAM::Role').find(([id]) => id.startsWith('EvidenceKeyBreakGlass'))?.[0];

  it('refuses disabling, deleting or rewriting the policy of the key to all but the break-glass role', () => {
    const statements = evidenceKey();
    const shred = statements.find((s) => s.Sid === 'EvidenceKeyIsNeverShredded');
    expect(shred).toMatchObject({ Effect: 'Deny', Principal: { AWS: '*' }, Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [breakGlassId(), 'Arn'] } } } });
    expect(actionsOf(shred).sort()).toEqual(['kms:DisableKey', 'kms:ScheduleKeyDeletion']);
    const policy = statements.find((s) => s.Sid === 'EvidenceKeyPolicyOnlyByDeployOrBreakGlass');
    expect(actionsOf(policy)).toEqual(['kms:PutKeyPolicy']);
    expect(policy.Condition.ArnNotLike['aws:PrincipalArn'][0]).toEqual({ 'Fn::GetAtt': [breakGlassId(), 'Arn'] });
    // The break-glass role needs MFA and is assumed from the account only.
    const role = resources[breakGlassId() as string]?.Properties;
    expect(role?.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    expect(role?.MaxSessionDuration).toBe(3600);
  });

  it('raises the alarm on any attempt, through EventBridge on CloudTrail', () => {
    const [, rule] = ofType('AWS::Events::Rule').find(([id]) => id.startsWith('KeyShreddingAttempts')) ?? [];
    expect(rule?.Properties.EventPattern).toEqual({
      source: ['aws.kms'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['kms.amazonaws.com'], eventName: ['ScheduleKeyDeletion', 'DisableKey', 'PutKeyPolicy'] },
    });
    const [alarmTopicId] = ofType('AWS::SNS::Topic').find(([id]) => id.startsWith('Alarms')) ?? [];
    expect(rule?.Properties.Targets[0].Arn).toEqual({ Ref: alarmTopicId });
  });
});

describe('audit trail mirror and table backups', () => {
  it('copies every audit event from the stream into the Object Lock bucket under audit/', () => {
    const [mirrorId] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('auditMirror')) ?? [];
    const mapping = ofType('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties).find((m) => m.FunctionName.Ref === mirrorId);
    expect(mapping).toMatchObject({ StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(JSON.parse(mapping?.FilterCriteria.Filters[0].Pattern)).toEqual({ dynamodb: { Keys: { sk: { S: [{ prefix: 'EVT#' }] } } } });
    const writes = roleStatements('auditMirror').filter((s) => s.Effect === 'Allow' && actionsOf(s).includes('s3:PutObject'));
    expect(writes).toHaveLength(1);
    expect(JSON.stringify(writes[0].Resource)).toMatch(/Evidence.*\/audit\/\*/);
    expect(ofType('AWS::Logs::MetricFilter').map(([, f]) => f.Properties.FilterPattern)).toContain('{ $.message = "audit event changed in the table" }');
  });

  it('backs the table up daily into a locked vault', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 35, ChangeableForDays: 3 } });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: Match.arrayWith([Match.objectLike({ RuleName: 'Daily', Lifecycle: { DeleteAfterDays: 35 } })]) },
    });
    const [tableId] = ofType('AWS::DynamoDB::Table')[0] ?? [];
    const [, selection] = ofType('AWS::Backup::BackupSelection')[0] ?? [];
    expect(JSON.stringify(selection?.Properties.BackupSelection.Resources)).toContain(tableId);
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
    // A second stack in the same account gets a prefix of its own; the default stack keeps its old one.
    expect(defaultDomainPrefix('EvidenceFile', '123456789012')).toBe('evidence-file-123456789012');
    expect(defaultDomainPrefix('EvidenceFile-Staging', '123456789012')).toBe('evidence-file-evidencefile-staging-123456789012');
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
