import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CfnElement, CfnOutput, Duration, RemovalPolicy, Size, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as backup from 'aws-cdk-lib/aws-backup';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ROLES } from '../../functions/core/roles';
import { type IndexName, TABLE_INDEXES } from '../../functions/ports/table';
import { TTL_ATTRIBUTE } from '../../functions/adapters/dynamodb/table-definition';
import { AUDIT_MIRROR_PREFIX, AUDIT_TAMPER_MESSAGE } from '../../functions/aws/audit-mirror';
import { STUCK_PACKET_MESSAGE } from '../../functions/aws/packet-sweeper';
import { type BundleAssets, lambdaBundling } from './bundling';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface EvidenceStackProps extends StackProps {
  /** Object Lock COMPLIANCE retention of every evidence object, in days (default 3650). */
  retentionDays?: number;
  /** Days an unchecked upload stays in quarantine (default 7). */
  quarantineExpiryDays?: number;
  /** Folder of the built web app (deployed when it exists; default `web/dist`). */
  webDistPath?: string;
  /** Mailbox for CloudWatch alarms (optional). */
  alarmEmail?: string;
  /** Mailbox of the legal department, for limitation warnings on debts without a legal assignee. */
  legalTeamEmail?: string;
  /** Extra origins allowed to call the API and upload (e.g. a local web dev server). */
  extraWebOrigins?: string[];
  /** Prefix of the Cognito hosted UI domain, unique in the region (default `evidence-file-<account>`). */
  cognitoDomainPrefix?: string;
  /**
   * Sender of e-mails (signing links and codes, limitation warnings), an identity verified in SES,
   * e.g. `Evidence file <no-reply@example.com>`. Without it messages stay in the table outbox and
   * no function may send e-mail or text messages.
   */
  emailFrom?: string;
  /** RFC 3161 time-stamping authority for seals (optional). */
  tsaUrl?: string;
  /** Concurrent executions reserved for the API function (default 50; 0 reserves none, for accounts with a low limit). */
  apiReservedConcurrency?: number;
  /** Most extractions running at once (default 10): caps Textract calls and OCR memory. */
  extractConcurrency?: number;
  /** Ship `--enable-source-maps` in NODE_OPTIONS (default off: it doubles the API's cold import). */
  sourceMaps?: boolean;
}

/** The functions and what each may reach; kept for tests and alarms. */
export type FunctionName = 'api' | 'ingest' | 'textractComplete' | 'scheduled' | 'extract' | 'packet' | 'auditMirror';

/** Functions invoked asynchronously or by a stream: each has a failure queue watched by an alarm. */
export const ASYNC_FUNCTIONS = ['ingest', 'textractComplete', 'scheduled', 'extract', 'packet', 'auditMirror'] as const satisfies readonly FunctionName[];

/**
 * The AWS deployment of DESIGN §2: one DynamoDB table, an evidence bucket with Object Lock, a
 * quarantine bucket for uploads, a KMS signing key for checkpoints, a Cognito user pool with a
 * group per role, an HTTP API with a Cognito JWT authorizer in front of the API function, the
 * ingest, Textract-completion and scheduled functions, the web app behind CloudFront, alarms.
 * Every function's role names exactly what it may do, and none may delete evidence or touch
 * its retention.
 */
export class EvidenceStack extends Stack {
  readonly functions: Record<FunctionName, NodejsFunction>;

  constructor(scope: Construct, id: string, props: EvidenceStackProps = {}) {
    super(scope, id, props);
    const retentionDays = props.retentionDays ?? 3650;
    const quarantineExpiryDays = props.quarantineExpiryDays ?? 7;

    // ---- Storage -------------------------------------------------------------------------
    const logBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logs need ACLs on the target bucket.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      versioned: true,
      lifecycleRules: [{ expiration: Duration.days(730), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logBucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'This is the access log bucket itself; logging it into itself would loop.' });

    const dataKey = new kms.Key(this, 'DataKey', {
      description: 'Encrypts evidence objects and the Textract topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Crypto-shredding: disabling or deleting this key would make every locked object unreadable,
    // so only the break-glass role may (README "Deploy on AWS"); its key policy changes only by a
    // deploy (the CDK CloudFormation execution role) or that role. Any attempt raises an alarm.
    const breakGlassRole = new iam.Role(this, 'EvidenceKeyBreakGlass', {
      assumedBy: new iam.AccountRootPrincipal().withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      description: 'Break-glass: the only principal that may disable, schedule deletion of, or rewrite the policy of the evidence key',
      maxSessionDuration: Duration.hours(1),
    });
    breakGlassRole.addToPolicy(new iam.PolicyStatement({ actions: [...SHREDDING_ACTIONS, 'kms:EnableKey', 'kms:CancelKeyDeletion', 'kms:GetKeyPolicy', 'kms:DescribeKey'], resources: [dataKey.keyArn] }));
    const deployRolePattern = `arn:${this.partition}:iam::${this.account}:role/cdk-*-cfn-exec-role-*`;
    dataKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EvidenceKeyIsNeverShredded',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'],
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': breakGlassRole.roleArn } },
      }),
    );
    dataKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EvidenceKeyPolicyOnlyByDeployOrBreakGlass',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:PutKeyPolicy'],
        resources: ['*'],
        conditions: { ArnNotLike: { 'aws:PrincipalArn': [breakGlassRole.roleArn, deployRolePattern] } },
      }),
    );
    // Alarms have a key of their own that CloudWatch and EventBridge may use to publish.
    const alarmKey = new kms.Key(this, 'AlarmKey', { description: 'Encrypts the alarm topic', enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    alarmKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmPublishers',
        principals: ALARM_PUBLISHERS.map((service) => new iam.ServicePrincipal(service)),
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    const webOrigins = [...(props.extraWebOrigins ?? [])];
    const evidenceBucket = new s3.Bucket(this, 'Evidence', {
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(retentionDays)),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: dataKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'evidence/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Nobody, whatever their identity policy, deletes evidence; only a deploy (the CDK
    // CloudFormation execution role) changes the lock, versioning or lifecycle configuration.
    evidenceBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EvidenceIsNeverDeleted',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: EVIDENCE_DELETE_ACTIONS,
        resources: [evidenceBucket.bucketArn, evidenceBucket.arnForObjects('*')],
      }),
    );
    evidenceBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LockConfigurationOnlyByDeploy',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: EVIDENCE_CONFIGURATION_ACTIONS,
        resources: [evidenceBucket.bucketArn],
        conditions: { ArnNotLike: { 'aws:PrincipalArn': deployRolePattern } },
      }),
    );
    evidenceBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'RetentionOnlyCompliance',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObjectRetention'],
        resources: [evidenceBucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 's3:object-lock-mode': 'COMPLIANCE' } },
      }),
    );

    const quarantineBucket = new s3.Bucket(this, 'Quarantine', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'quarantine/',
      lifecycleRules: [{ expiration: Duration.days(quarantineExpiryDays), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // New packet records reach the packet function through the stream.
      stream: dynamodb.StreamViewType.NEW_IMAGE,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const name of Object.keys(TABLE_INDEXES) as IndexName[]) {
      table.addGlobalSecondaryIndex({
        indexName: name,
        partitionKey: { name: TABLE_INDEXES[name].pk, type: dynamodb.AttributeType.STRING },
        sortKey: { name: TABLE_INDEXES[name].sk, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    // Daily backups of the table into a vault whose lock (compliance mode once the grace period
    // ends) keeps every recovery point for at least 35 days, whoever asks to delete it.
    const backupVault = new backup.BackupVault(this, 'TableBackups', {
      encryptionKey: dataKey,
      lockConfiguration: { minRetention: Duration.days(BACKUP_RETENTION_DAYS), changeableFor: Duration.days(3) },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const backupPlan = new backup.BackupPlan(this, 'TableBackupPlan', {
      backupVault,
      backupPlanRules: [
        new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: events.Schedule.cron({ hour: '19', minute: '0' }), deleteAfter: Duration.days(BACKUP_RETENTION_DAYS) }),
        new backup.BackupPlanRule({ ruleName: 'Monthly', scheduleExpression: events.Schedule.cron({ day: '1', hour: '19', minute: '30' }), deleteAfter: Duration.days(400) }),
      ],
    });
    const backupSelection = backupPlan.addSelection('Table', { resources: [backup.BackupResource.fromDynamoDbTable(table)] });

    // The seal key (DESIGN §9): seals PDFs and signs audit checkpoints. Its certificate is issued
    // once after deploy (`npm run kms:certificate`) into the parameter below. (The construct id is
    // kept from when it signed checkpoints only, so that the key is not replaced.)
    const signingKey = new kms.Key(this, 'CheckpointSigningKey', {
      description: 'Seals PDFs and signs audit checkpoints',
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // ---- Users ---------------------------------------------------------------------------
    const userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true, tempPasswordValidity: Duration.days(3) },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new cognito.CfnUserPoolGroup(this, `Group-${role}`, { userPoolId: userPool.userPoolId, groupName: role, description: `DESIGN §1 role ${role}` });
    }

    // ---- HTTP API (routes are added once the function exists) ------------------------------
    const httpApi = new apigw.HttpApi(this, 'HttpApi', {
      createDefaultStage: false,
      // The web app calls the API through CloudFront (same origin); only extra origins need CORS.
      ...(webOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: webOrigins,
              allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.PATCH],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match'],
              exposeHeaders: ['etag', 'location', 'idempotent-replayed', 'retry-after'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.RETAIN });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
      throttle: { rateLimit: 200, burstLimit: 400 },
    });

    // ---- Web app -------------------------------------------------------------------------
    const webBucket = new s3.Bucket(this, 'Web', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 'web/',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The single-page app routes in the browser: a path without a file extension gets index.html.
    // (Not CloudFront error pages: they would also replace the API's 403 and 404 answers.)
    const spaRoutes = new cloudfront.Function(this, 'SpaRoutes', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline("function handler(event) { var r = event.request; if (r.uri.indexOf('.') === -1) { r.uri = '/index.html'; } return r; }"),
    });
    const apiOrigin = new HttpOrigin(`${httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY });
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    const distribution = new cloudfront.Distribution(this, 'WebDistribution', {
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(webBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        functionAssociations: [{ function: spaRoutes, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      // The API under the app's own origin: the web app calls /v1/… and /health relative to it.
      additionalBehaviors: { '/v1/*': apiBehavior, '/health': apiBehavior },
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'Users and debtors may be anywhere; access is controlled by sign-in, not geography.' },
      { id: 'AwsSolutions-CFR2', reason: 'Static files and an API that authenticates every request and is throttled at its stage; a WAF can be added per deployment.' },
      { id: 'AwsSolutions-CFR4', reason: 'Without a custom domain CloudFront uses its default certificate, whose minimum TLS version cannot be set; TLS 1.2 applies once a domain is configured.' },
    );
    const webUrl = `https://${distribution.distributionDomainName}`;

    // Sign-in through the Cognito hosted UI (authorization code with PKCE), as the web app does it.
    const domain = userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.cognitoDomainPrefix ?? defaultDomainPrefix(this.stackName, this.account) } });
    const callbackPath = '/auth/callback';
    const webClient = userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [webUrl, ...webOrigins].map((origin) => `${origin}${callbackPath}`),
        logoutUrls: [webUrl, ...webOrigins].map((origin) => `${origin}/`),
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // `/config.json` tells the web app where to sign in; the built app is deployed when present.
    const webDist = props.webDistPath ?? join(REPO_ROOT, 'web', 'dist');
    const webConfig = s3deploy.Source.jsonData('config.json', { cognitoDomain: domain.baseUrl(), clientId: webClient.userPoolClientId, redirectUri: `${webUrl}${callbackPath}` });
    new s3deploy.BucketDeployment(this, 'WebDeployment', {
      sources: [...(existsSync(join(webDist, 'index.html')) ? [s3deploy.Source.asset(webDist)] : []), webConfig],
      destinationBucket: webBucket,
      distribution,
      distributionPaths: ['/*'],
    });
    acknowledgeBucketDeployment(this, webBucket);

    // Downloads (presigned GET) and upload sessions (presigned POST) go from the browser to S3.
    for (const [bucket, method] of [[evidenceBucket, s3.HttpMethods.GET], [quarantineBucket, s3.HttpMethods.POST]] as const) {
      bucket.addCorsRule({ allowedMethods: [method], allowedOrigins: [webUrl, ...webOrigins], allowedHeaders: ['*'], maxAge: 600 });
    }

    // ---- Seal certificate (written by `npm run kms:certificate`, read by the functions) ------
    const sealCertificateParameter = `/${this.stackName}/seal-certificate-chain`;
    const trustedRootsParameter = `/${this.stackName}/trusted-roots`;
    const parameterArn = (name: string) => this.formatArn({ service: 'ssm', resource: 'parameter', resourceName: name.slice(1) });
    // Whoever runs the script needs this, and nothing more: attach it to that operator.
    const issuerPolicy = new iam.ManagedPolicy(this, 'SealCertificateIssuer', {
      description: 'Lets an operator run npm run kms:certificate: read the seal key’s public key and store its certificate chain',
      statements: [
        new iam.PolicyStatement({ actions: ['kms:GetPublicKey'], resources: [signingKey.keyArn] }),
        new iam.PolicyStatement({ actions: ['ssm:PutParameter', 'ssm:GetParameter'], resources: [parameterArn(sealCertificateParameter), parameterArn(trustedRootsParameter)] }),
      ],
    });

    // ---- Functions -----------------------------------------------------------------------
    const environment: Record<string, string> = {
      EVIDENCE_TABLE_NAME: table.tableName,
      EVIDENCE_BUCKET: evidenceBucket.bucketName,
      EVIDENCE_QUARANTINE_BUCKET: quarantineBucket.bucketName,
      EVIDENCE_RETENTION_DAYS: String(retentionDays),
      EVIDENCE_USER_POOL_ID: userPool.userPoolId,
      EVIDENCE_USER_POOL_CLIENT_ID: webClient.userPoolClientId,
      EVIDENCE_SEAL_KEY_ID: signingKey.keyArn,
      EVIDENCE_SEAL_CERTIFICATE_PARAMETER: sealCertificateParameter,
      EVIDENCE_TRUSTED_ROOTS_PARAMETER: trustedRootsParameter,
      EVIDENCE_PUBLIC_URL: webUrl,
      ...(props.legalTeamEmail ? { EVIDENCE_LEGAL_TEAM_EMAIL: props.legalTeamEmail } : {}),
      ...(props.emailFrom ? { EVIDENCE_EMAIL_FROM: props.emailFrom } : {}),
      ...(props.tsaUrl ? { EVIDENCE_TSA_URL: props.tsaUrl } : {}),
    };
    const sourceMaps = props.sourceMaps ?? false;
    const fn = (name: FunctionName, entry: string, settings: { memorySize: number; timeout: Duration; description: string; assets?: BundleAssets; reservedConcurrentExecutions?: number; ephemeralStorageSize?: Size }) =>
      this.lambdaFunction(name, entry, { ...settings, environment, sourceMaps });
    const apiReserved = props.apiReservedConcurrency ?? 50;
    this.functions = {
      // Reserved so that a burst of extractions or packets cannot starve the API (and caps it).
      api: fn('api', 'functions/api/index.ts', { memorySize: 1024, timeout: Duration.seconds(29), description: 'HTTP API (Hono app)', assets: { fonts: true }, ...(apiReserved > 0 ? { reservedConcurrentExecutions: apiReserved } : {}) }),
      ingest: fn('ingest', 'functions/ingest/index.ts', { memorySize: 2048, timeout: Duration.minutes(5), description: 'Checks uploads in quarantine and moves them into the evidence bucket' }),
      textractComplete: fn('textractComplete', 'functions/textract-complete/index.ts', { memorySize: 1024, timeout: Duration.minutes(2), description: 'Finishes extractions when Textract jobs complete', assets: { extraction: true } }),
      scheduled: fn('scheduled', 'functions/scheduled/index.ts', { memorySize: 1024, timeout: Duration.minutes(15), description: 'Signed audit checkpoint and limitation warnings' }),
      // OCR holds a Chinese model (~100 MB) and a page image per worker; Tesseract is single-threaded.
      // At most `extractConcurrency` at once: Lambda keeps throttled asynchronous events and retries
      // them with backoff for up to six hours, so a burst of uploads queues instead of failing.
      extract: fn('extract', 'functions/extract/index.ts', { memorySize: 3008, timeout: Duration.minutes(15), description: 'Extracts amounts, dates and parties after each upload (text layer, OCR, Textract)', assets: { extraction: true }, reservedConcurrentExecutions: props.extractConcurrency ?? 10 }),
      // The packet PDF is assembled in memory (pdf-lib); the ZIP is streamed.
      packet: fn('packet', 'functions/packet/index.ts', { memorySize: 3008, timeout: Duration.minutes(15), description: 'Builds litigation packets (sealed PDF and ZIP)', assets: { fonts: true }, ephemeralStorageSize: Size.mebibytes(PACKET_EPHEMERAL_MIB) }),
      auditMirror: fn('auditMirror', 'functions/audit-mirror/index.ts', { memorySize: 512, timeout: Duration.minutes(1), description: 'Copies every audit event from the table stream into the Object Lock bucket (WORM mirror)' }),
    };

    // Exactly what each function needs.
    const { api, ingest, textractComplete, scheduled, extract, packet, auditMirror } = this.functions;
    // The table adapter calls GetItem, BatchGetItem, Query and TransactWriteItems (authorised per
    // write as PutItem or DeleteItem), nothing else: no Scan, UpdateItem or BatchWriteItem. Only the
    // API deletes (assignees it replaces, idempotency records it abandons), and only in the debt
    // and idempotency partitions.
    for (const f of [api, ingest, textractComplete, scheduled, extract, packet]) {
      f.addToRolePolicy(new iam.PolicyStatement({ sid: 'TableReadAndTransact', actions: TABLE_ACTIONS, resources: [table.tableArn, `${table.tableArn}/index/*`] }));
    }
    api.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'TableDeleteAssigneesAndIdempotency',
        actions: ['dynamodb:DeleteItem'],
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': API_DELETE_PARTITIONS } },
      }),
    );
    for (const f of [api, ingest, scheduled, packet]) {
      allow(f, ['s3:GetObject', 's3:PutObject', 's3:PutObjectRetention'], [evidenceBucket.arnForObjects('sha256/*')]);
      // Without ListBucket a HeadObject on a missing blob answers 403 instead of 404.
      allow(f, ['s3:ListBucket'], [evidenceBucket.bucketArn]);
      allow(f, ['kms:Decrypt', 'kms:GenerateDataKey'], [dataKey.keyArn]);
    }
    // Handoff (in the API) places legal holds on the evidence; no function may lift one
    // (s3:PutObjectLegalHold sets ON or OFF, so the API's role is the only one that holds it).
    allow(api, ['s3:PutObjectLegalHold'], [evidenceBucket.arnForObjects('sha256/*')]);
    // The API signs upload POSTs (so it needs PutObject there) and completes uploads.
    allow(api, ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'], [quarantineBucket.arnForObjects('*')]);
    allow(ingest, ['s3:GetObject', 's3:DeleteObject'], [quarantineBucket.arnForObjects('*')]);
    for (const f of [api, ingest]) allow(f, ['s3:ListBucket'], [quarantineBucket.bucketArn]);
    // The seal key signs, and nothing else may: seals and the handoff report (api), checkpoints
    // (scheduled), packets (packet). The certificate is read from its parameter; the functions
    // cannot change it or the trusted roots, nor read the key's public key.
    for (const f of [api, scheduled, packet]) {
      allow(f, ['kms:Sign'], [signingKey.keyArn]);
      allow(f, ['ssm:GetParameter'], [parameterArn(sealCertificateParameter), parameterArn(trustedRootsParameter)]);
    }
    for (const f of Object.values(this.functions)) {
      f.addToRolePolicy(new iam.PolicyStatement({ sid: 'NeverDeleteEvidence', effect: iam.Effect.DENY, actions: EVIDENCE_DENIED_ACTIONS, resources: [evidenceBucket.bucketArn, evidenceBucket.arnForObjects('*')] }));
    }

    // ---- Failure queues: what an asynchronous or stream invocation could not do, kept 14 days ---
    const failureQueue = (name: FunctionName) => {
      const queue = new sqs.Queue(this, `${name}Failures`, { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
      Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason: `This queue is itself the dead-letter destination of the ${name} function.` });
      return queue;
    };
    const failures = Object.fromEntries(ASYNC_FUNCTIONS.map((name) => [name, failureQueue(name)])) as Record<(typeof ASYNC_FUNCTIONS)[number], sqs.Queue>;
    for (const name of ['ingest', 'textractComplete', 'scheduled', 'extract'] as const) {
      this.functions[name].configureAsyncInvoke({ onFailure: new SqsDestination(failures[name]), retryAttempts: 2, maxEventAge: Duration.hours(6) });
    }

    // ---- WORM mirror of the audit trail ---------------------------------------------------------
    // Every audit event (EVT# items) reaches the mirror function through the stream and is copied
    // into the Object Lock bucket under audit/; a changed or removed event is copied too and raises
    // the tampering alarm. No retries are dropped: a failing batch is retried until the record
    // leaves the stream (24 h), then lands in the failure queue.
    auditMirror.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        retryAttempts: -1,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(failures.auditMirror),
        filters: [lambda.FilterCriteria.filter({ dynamodb: { Keys: { sk: { S: lambda.FilterRule.beginsWith('EVT#') } } } })],
      }),
    );
    allow(auditMirror, ['s3:GetObject', 's3:PutObject', 's3:PutObjectRetention'], [evidenceBucket.arnForObjects(`${AUDIT_MIRROR_PREFIX}*`)]);
    allow(auditMirror, ['kms:Decrypt', 'kms:GenerateDataKey'], [dataKey.keyArn]);
    auditMirror.addEnvironment('EVIDENCE_AUDIT_MIRROR_PREFIX', AUDIT_MIRROR_PREFIX);
    Validations.of(auditMirror.role as iam.IRole).acknowledge(
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'dynamodb:ListStreams, granted by CDK’s DynamoDB event source, has no resource-level permissions; reading the stream itself is limited to this table’s stream.' },
      { id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(evidenceBucket.node.defaultChild as CfnElement)}.Arn>/${AUDIT_MIRROR_PREFIX}*]`, reason: 'Mirror objects are named by debt and sequence number, made at run time; only the audit/ prefix is granted.' },
    );

    quarantineBucket.addEventNotification(s3.EventType.OBJECT_CREATED, new LambdaDestination(ingest));
    // Only inserts of packet records start the packet function; a failed build is recorded on the
    // packet itself, so retries are for a function that could not run at all.
    packet.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 1,
        retryAttempts: 2,
        bisectBatchOnError: false,
        reportBatchItemFailures: true,
        // A build the function could not run at all (killed for memory or time) lands here; the
        // scheduled sweeper fails packets left building.
        onFailure: new SqsDlq(failures.packet),
        filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { sk: { S: lambda.FilterRule.beginsWith('PACKET#') } } } })],
      }),
    );
    Validations.of(packet.role as iam.IRole).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'dynamodb:ListStreams, granted by CDK’s DynamoDB event source, has no resource-level permissions; reading the stream itself is limited to this table’s stream.' });

    // ---- HTTP API routes -----------------------------------------------------------------
    const authorizer = new HttpUserPoolAuthorizer('Cognito', userPool, { userPoolClients: [webClient] });
    const integration = new HttpLambdaIntegration('Api', api);
    httpApi.addRoutes({ path: '/{proxy+}', methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST, apigw.HttpMethod.PATCH, apigw.HttpMethod.PUT, apigw.HttpMethod.DELETE], integration, authorizer });
    // Public by design (DESIGN §4): health and the API description.
    for (const path of PUBLIC_PATHS) {
      const [route] = httpApi.addRoutes({ path, methods: [apigw.HttpMethod.GET], integration });
      Validations.of(route as apigw.HttpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: `${path} is public by design (DESIGN §4): it reveals no data.` });
    }

    // ---- Textract completions --------------------------------------------------------------
    const textractTopic = new sns.Topic(this, 'TextractCompletions', { masterKey: dataKey, enforceSSL: true });
    textractTopic.addSubscription(new subscriptions.LambdaSubscription(textractComplete));
    const textractRole = new iam.Role(this, 'TextractPublishRole', {
      assumedBy: new iam.ServicePrincipal('textract.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      description: 'Lets Textract publish job completions to the topic',
    });
    textractTopic.grantPublish(textractRole);
    dataKey.grant(textractRole, 'kms:GenerateDataKey', 'kms:Decrypt');

    // ---- Extraction (DESIGN §6) -------------------------------------------------------------
    // The API hands each new document to the extract function asynchronously (Lambda keeps the
    // event and retries a failed run twice); Textract's asynchronous jobs end in textract-complete.
    // The scheduled function hands over again what is still pending an hour later.
    for (const f of [api, scheduled]) {
      f.addEnvironment('EVIDENCE_EXTRACT_FUNCTION', extract.functionName);
      allow(f, ['lambda:InvokeFunction'], [extract.functionArn]);
    }
    for (const f of [extract, textractComplete]) {
      f.addEnvironment('EVIDENCE_TEXTRACT_TOPIC_ARN', textractTopic.topicArn);
      f.addEnvironment('EVIDENCE_TEXTRACT_ROLE_ARN', textractRole.roleArn);
    }
    // Textract actions have no resource-level permissions. Synchronous analysis and job starts
    // read the document; textract-complete only collects results.
    allow(extract, ['textract:AnalyzeDocument', 'textract:AnalyzeExpense', 'textract:StartDocumentAnalysis', 'textract:StartExpenseAnalysis'], ['*']);
    allow(textractComplete, ['textract:GetDocumentAnalysis', 'textract:GetExpenseAnalysis'], ['*']);
    for (const f of [extract, textractComplete]) {
      Validations.of(f.role as iam.Role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'Textract actions support no resource-level permissions; only the actions each function needs are granted.' });
    }
    // Textract reads an asynchronous job's S3 object with the caller's permissions (and its KMS key).
    allow(extract, ['s3:GetObject'], [evidenceBucket.arnForObjects('sha256/*')]);
    allow(extract, ['kms:Decrypt'], [dataKey.keyArn]);
    extract.addToRolePolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [textractRole.roleArn], conditions: { StringEquals: { 'iam:PassedToService': 'textract.amazonaws.com' } } }));

    // ---- Notifications: SES e-mail and SNS text messages ---------------------------------------
    if (props.emailFrom) {
      const address = /<([^>]+)>/.exec(props.emailFrom)?.[1] ?? props.emailFrom;
      const identity = (name: string) => this.formatArn({ service: 'ses', resource: 'identity', resourceName: name });
      for (const f of [api, scheduled]) {
        // The verified identity may be the address or its domain; sending is from that address only.
        f.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [identity(address), identity(address.split('@')[1] as string)], conditions: { StringEquals: { 'ses:FromAddress': address } } }));
        // Text messages to phone numbers only: every topic ARN is excluded.
        f.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], notResources: ['arn:aws:sns:*:*:*'] }));
      }
    }

    // Signing links are opened by signers without an account (DESIGN §4: the link's token is the credential).
    for (const route of httpApi.addRoutes({ path: SIGNING_PATH, methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST], integration })) {
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: 'Signing links (DESIGN §4): the one-time link token authenticates the signer, who has no account; the API checks it.' });
    }

    // ---- Schedule ------------------------------------------------------------------------
    new events.Rule(this, 'Daily', {
      description: 'Audit checkpoint and limitation scan, 02:00 Asia/Shanghai',
      schedule: events.Schedule.cron({ hour: '18', minute: '0' }),
      targets: [new LambdaFunction(scheduled, { retryAttempts: 2, deadLetterQueue: failures.scheduled })],
    });
    new events.Rule(this, 'HourlySweep', {
      description: 'Stale extractions handed over again, packets stuck building failed',
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [new LambdaFunction(scheduled, { retryAttempts: 2, deadLetterQueue: failures.scheduled, event: events.RuleTargetInput.fromObject({ task: 'sweep' }) })],
    });

    // ---- Alarms --------------------------------------------------------------------------
    const alarmTopic = new sns.Topic(this, 'Alarms', { masterKey: alarmKey, enforceSSL: true });
    // The topic policy CDK writes replaces SNS's default one: keep the default's intent (the
    // account manages and publishes to its topic) and let CloudWatch alarms of this account publish.
    alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AccountManagesTopic',
        principals: [new iam.AccountRootPrincipal()],
        actions: ['sns:GetTopicAttributes', 'sns:SetTopicAttributes', 'sns:AddPermission', 'sns:RemovePermission', 'sns:DeleteTopic', 'sns:Subscribe', 'sns:ListSubscriptionsByTopic', 'sns:Publish'],
        resources: [alarmTopic.topicArn],
      }),
    );
    alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [alarmTopic.topicArn],
        conditions: { ArnLike: { 'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*` }, StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    if (props.alarmEmail) alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(new SnsAction(alarmTopic));
    for (const [name, f] of Object.entries(this.functions)) {
      alarm(`${name}Errors`, f.metricErrors({ period: Duration.minutes(5) }), `${name} function errors`);
      alarm(`${name}Throttles`, f.metricThrottles({ period: Duration.minutes(5) }), `${name} function throttles`);
    }
    alarm('TableSystemErrors', new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName: 'SystemErrors', dimensionsMap: { TableName: table.tableName }, statistic: 'Sum', period: Duration.minutes(5) }), 'DynamoDB system errors');
    alarm('Api5xx', httpApi.metricServerError({ period: Duration.minutes(5) }), 'HTTP API 5xx answers');
    for (const [name, queue] of Object.entries(failures)) {
      alarm(`${name}FailureQueue`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }), `${name}: invocations that failed after every retry wait in ${name}Failures`);
    }
    // Log lines the functions write when something that must not happen did (JSON logs, `message`).
    const logAlarm = (id: string, f: NodejsFunction, message: string, description: string) => {
      const metric = new logs.MetricFilter(this, `${id}Filter`, {
        logGroup: f.logGroup,
        metricNamespace: 'EvidenceFile',
        metricName: id,
        filterPattern: logs.FilterPattern.stringValue('$.message', '=', message),
        metricValue: '1',
      }).metric({ period: Duration.minutes(5), statistic: 'Sum' });
      alarm(id, metric, description);
    };
    logAlarm('AuditEventTampered', auditMirror, AUDIT_TAMPER_MESSAGE, 'An audit event in the table was changed or removed; the WORM mirror holds the original');
    logAlarm('PacketsStuckBuilding', scheduled, STUCK_PACKET_MESSAGE, 'Packets left building past their time were marked failed by the sweeper');
    // Any attempt, allowed or refused, to disable or delete a KMS key or rewrite its policy
    // (CloudTrail management events, which EventBridge receives once a trail records them).
    new events.Rule(this, 'KeyShreddingAttempts', {
      description: 'ScheduleKeyDeletion, DisableKey or PutKeyPolicy on any KMS key of this account and region',
      eventPattern: { source: ['aws.kms'], detailType: ['AWS API Call via CloudTrail'], detail: { eventSource: ['kms.amazonaws.com'], eventName: [...SHREDDING_ACTIONS].map((action) => action.slice('kms:'.length)) } },
      targets: [new SnsTopic(alarmTopic)],
    });

    // ---- Acknowledged cdk-nag findings, each with its reason --------------------------------
    const arnOf = (construct: Construct) => `<${this.getLogicalId(construct.node.defaultChild as CfnElement)}.Arn>`;
    Validations.of(this).acknowledge(
      { id: `AwsSolutions-IAM5[Resource::${arnOf(table)}/index/*]`, reason: 'Queries on the table’s own four secondary indexes (DESIGN §3); the grant names them as index/*.' },
      { id: `AwsSolutions-IAM5[Resource::${arnOf(evidenceBucket)}/sha256/*]`, reason: 'Evidence objects are named by their SHA-256, unknown in advance; only the sha256/ prefix is granted.' },
      { id: `AwsSolutions-IAM5[Resource::${arnOf(quarantineBucket)}/*]`, reason: 'Uploads are keyed by upload ids made at run time; the bucket holds nothing else.' },
      { id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: 'Textract must create data keys to publish to the encrypted topic; CDK’s topic grant names the action family.' },
      { id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: 'CDK’s own bucket-notification custom resource (and the web deployment’s), run at deploy time only.' },
    );
    Validations.of(backupSelection).acknowledge({ id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]', reason: 'AWS Backup’s own service role policy, as AWS maintains it for backing up the table.' });

    // ---- Outputs -------------------------------------------------------------------------
    new CfnOutput(this, 'ApiUrl', { value: httpApi.apiEndpoint });
    new CfnOutput(this, 'WebUrl', { value: webUrl });
    new CfnOutput(this, 'SignInUrl', { value: domain.baseUrl() });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: webClient.userPoolClientId });
    new CfnOutput(this, 'EvidenceBucketName', { value: evidenceBucket.bucketName });
    new CfnOutput(this, 'TextractTopicArn', { value: textractTopic.topicArn });
    new CfnOutput(this, 'TextractRoleArn', { value: textractRole.roleArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn });
    new CfnOutput(this, 'SealKeyArn', { value: signingKey.keyArn });
    new CfnOutput(this, 'SealCertificateParameterName', { value: sealCertificateParameter });
    new CfnOutput(this, 'SealCertificateIssuerPolicyArn', { value: issuerPolicy.managedPolicyArn });
    new CfnOutput(this, 'EvidenceKeyBreakGlassRoleArn', { value: breakGlassRole.roleArn });
  }

  /** A bundled function with its own log group, role and least-privilege policy. */
  private lambdaFunction(
    name: FunctionName,
    entry: string,
    settings: { memorySize: number; timeout: Duration; description: string; environment: Record<string, string>; assets?: BundleAssets; sourceMaps?: boolean; reservedConcurrentExecutions?: number; ephemeralStorageSize?: Size },
  ): NodejsFunction {
    const logGroup = new logs.LogGroup(this, `${name}Logs`, { retention: LOG_RETENTION, removalPolicy: RemovalPolicy.RETAIN });
    // A role of its own, without the managed basic-execution policy (its log permissions are account-wide).
    const role = new iam.Role(this, `${name}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: `Role of the ${name} function` });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`] }));
    const f = new NodejsFunction(this, name, {
      entry: join(REPO_ROOT, entry),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: settings.memorySize,
      timeout: settings.timeout,
      ...(settings.reservedConcurrentExecutions ? { reservedConcurrentExecutions: settings.reservedConcurrentExecutions } : {}),
      ...(settings.ephemeralStorageSize ? { ephemeralStorageSize: settings.ephemeralStorageSize } : {}),
      description: settings.description,
      environment: { ...settings.environment, ...(settings.sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}) },
      logGroup,
      role,
      bundling: lambdaBundling(settings.assets),
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(logGroup.node.defaultChild as logs.CfnLogGroup)}.Arn>:*]`,
      reason: 'Log streams of this function’s own log group; their names are made by Lambda.',
    });
    return f;
  }
}

/** Actions no one may take on the evidence bucket, whoever they are (bucket policy). */
export const EVIDENCE_DELETE_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging', 's3:BypassGovernanceRetention'];
/** Bucket configuration only a deploy may change (bucket policy; README "Changing retention"). */
export const EVIDENCE_CONFIGURATION_ACTIONS = ['s3:PutBucketObjectLockConfiguration', 's3:PutBucketVersioning', 's3:PutLifecycleConfiguration'];
/** Actions no function may take on the evidence bucket (every function role). */
export const EVIDENCE_DENIED_ACTIONS = [...EVIDENCE_DELETE_ACTIONS, ...EVIDENCE_CONFIGURATION_ACTIONS];
/** KMS actions that would shred the evidence: only the break-glass role may take them. */
export const SHREDDING_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'] as const;
/** Services that publish to the alarm topic (CloudWatch alarms, EventBridge rules). */
export const ALARM_PUBLISHERS = ['cloudwatch.amazonaws.com', 'events.amazonaws.com'];
/** What the table adapter (functions/adapters/dynamodb) calls; TransactWriteItems is authorised as PutItem per write. */
export const TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem'];
/** Partitions the API deletes in: assignees of a debt, idempotency records. */
export const API_DELETE_PARTITIONS = ['DEBT#*', 'IDEM#*'];
const BACKUP_RETENTION_DAYS = 35;
/** /tmp of the packet function: the PDF is assembled in memory and the ZIP streamed (README "Deploy on AWS"). */
const PACKET_EPHEMERAL_MIB = 2048;

/** API routes that need no sign-in. */
export const PUBLIC_PATHS = ['/health', '/v1/openapi.json'];
/** The signers' routes: their link's token is the credential. */
export const SIGNING_PATH = '/v1/sign/{proxy+}';

const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

/**
 * The hosted UI's domain prefix: unique per stack in the account (a second stack would collide),
 * and unchanged for the default stack name so that existing deployments keep their sign-in URL.
 */
export function defaultDomainPrefix(stackName: string, account: string): string {
  const stack = stackName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return stack === 'evidencefile' ? `evidence-file-${account}` : `evidence-file-${stack.slice(0, 30)}-${account}`;
}

function allow(f: NodejsFunction, actions: string[], resources: string[]): void {
  f.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
}

/**
 * CDK's web deployment brings its own singleton function and role (copying the built files from
 * the CDK asset bucket into the web bucket at deploy time); its grants are CDK's, acknowledged on
 * that function only.
 */
function acknowledgeBucketDeployment(stack: Stack, webBucket: s3.IBucket): void {
  const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('the BucketDeployment handler was not found; check the aws-cdk-lib version');
  const reason = 'CDK BucketDeployment handler: copies the built web app from the CDK asset bucket into the web bucket at deploy time.';
  const webArn = `<${stack.getLogicalId(webBucket.node.defaultChild as CfnElement)}.Arn>`;
  Validations.of(handler).acknowledge(
    { id: 'AwsSolutions-L1', reason: 'The runtime of CDK’s BucketDeployment handler is chosen by aws-cdk-lib.' },
    ...['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*', 'Resource::*', `Resource::${webArn}/*`,
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*'].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason })),
  );
}
