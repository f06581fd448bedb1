/**
 * A GetFunction response with every section populated (plus fields this panel has no section
 * for), a function URL config, and a hostile variant. Shared by the unit and browser tests.
 */
import type { FunctionDocument, UrlConfigDocument } from '../../../src/vscode/configPanel/protocol';

export const SECRET_A = 'hunter2-super-secret-value';
export const SECRET_B = 'postgres://user:pa55w0rd@db.internal:5432/app';

export function richFunction(): FunctionDocument {
  return {
    Configuration: {
      FunctionName: 'orders-api',
      FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
      Runtime: 'nodejs20.x',
      Role: 'arn:aws:iam::123456789012:role/service-role/orders-api-role',
      Handler: 'src/index.handler',
      CodeSize: 1_572_864,
      Description: 'Takes orders',
      Timeout: 15,
      MemorySize: 512,
      LastModified: '2024-05-01T10:20:30.123+0000',
      CodeSha256: 'k8lQ0fTkqKx0bW3XgN0Jq2mQJ2x0b8g3cQv1X8zjY9o=',
      Version: '$LATEST',
      VpcConfig: { SubnetIds: ['subnet-0aa11', 'subnet-0bb22'], SecurityGroupIds: ['sg-0cc33'], VpcId: 'vpc-0dd44', Ipv6AllowedForDualStack: false },
      DeadLetterConfig: { TargetArn: 'arn:aws:sqs:eu-west-1:123456789012:orders-dlq' },
      Environment: { Variables: { API_TOKEN: SECRET_A, DATABASE_URL: SECRET_B, LOG_LEVEL: 'debug' } },
      KMSKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      TracingConfig: { Mode: 'Active' },
      RevisionId: 'rev-0001-aaaa',
      Layers: [{ Arn: 'arn:aws:lambda:eu-west-1:123456789012:layer:shared-utils:7', CodeSize: 20_480 }],
      State: 'Active',
      LastUpdateStatus: 'Successful',
      FileSystemConfigs: [{ Arn: 'arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0123', LocalMountPath: '/mnt/data' }],
      SigningProfileVersionArn: 'arn:aws:signer:eu-west-1:123456789012:/signing-profiles/prof/abc',
      SigningJobArn: 'arn:aws:signer:eu-west-1:123456789012:/signing-jobs/job-1',
      PackageType: 'Zip',
      Architectures: ['arm64'],
      EphemeralStorage: { Size: 1024 },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      RuntimeVersionConfig: { RuntimeVersionArn: 'arn:aws:lambda:eu-west-1::runtime:0123abcd' },
      LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG', SystemLogLevel: 'WARN', LogGroup: '/custom/orders' },
      TenancyConfig: { TenantIsolationMode: 'PER_TENANT' },
      // A field from a future API version: the page must still show it.
      ...({ QuantumEntanglement: { Mode: 'Spooky' } } as object),
    },
    Code: { RepositoryType: 'S3', Location: 'https://awslambda-eu-west-1-tasks.s3.eu-west-1.amazonaws.com/snapshots/x?X-Amz-Signature=abc' },
    Tags: { team: 'payments', 'cost-center': 'cc-42' },
    Concurrency: { ReservedConcurrentExecutions: 5 },
  };
}

export function richUrlConfig(): UrlConfigDocument {
  return {
    FunctionUrl: 'https://abc123.lambda-url.eu-west-1.on.aws/',
    FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-api',
    AuthType: 'AWS_IAM',
    Cors: { AllowOrigins: ['https://shop.example'], AllowMethods: ['GET', 'POST'], MaxAge: 300, AllowCredentials: true },
    CreationTime: '2024-04-01T08:00:00.000Z',
    LastModifiedTime: '2024-04-02T08:00:00.000Z',
    InvokeMode: 'BUFFERED',
  };
}

export const HOSTILE_IMG = '<img src=x onerror="window.__pwned=1;alert(1)">';
export const HOSTILE_SCRIPT = '</script><script>window.__pwned=2;alert(2)</script>';

/** Hostile text in every place that shows data: description, env key/value, tags, layer, unknown fields. */
export function hostileFunction(): FunctionDocument {
  const fn = richFunction();
  const c = fn.Configuration!;
  c.Description = HOSTILE_IMG;
  c.Handler = HOSTILE_SCRIPT;
  c.Environment = { Variables: { HOSTILE: HOSTILE_SCRIPT, [`K${HOSTILE_IMG}`]: HOSTILE_IMG } };
  c.StateReason = HOSTILE_IMG;
  c.Layers = [{ Arn: HOSTILE_SCRIPT, CodeSize: 1 }];
  fn.Tags = { [HOSTILE_IMG]: HOSTILE_SCRIPT };
  Object.assign(c, { [HOSTILE_IMG]: HOSTILE_SCRIPT, '__proto__x': { [HOSTILE_SCRIPT]: HOSTILE_IMG } });
  return fn;
}
