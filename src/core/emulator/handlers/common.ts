import { formatIssues, type ValidationIssue } from '../../config/validateFunction';
import { invalid, type ApiError } from '../apiError';
import { UnzipError, verifyZip } from '../unzip';

/** The wire's base64 ZipFile as bytes (left as is when absent or not a string, for validation to report). */
export function decodeZip(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(value)) throw invalid('ZipFile is not valid base64: send the zip bytes (the SDK encodes them for you).');
  return Buffer.from(value, 'base64');
}

/** InvalidParameterValueException carrying every issue, in the service's style. */
export function issuesError(issues: ValidationIssue[]): ApiError {
  if (issues.length === 1) return invalid(issues[0].message);
  return invalid(`${issues.length} validation errors detected: ${formatIssues(issues)}`);
}

/** This server keeps code as ZipFile only: say so plainly instead of pretending to fetch S3 or ECR. */
export function unsupportedCodeSource(code: Record<string, unknown> | undefined, packageType?: string): void {
  if (packageType === 'Image' || code?.ImageUri !== undefined) {
    throw invalid('This local Lambda API server does not run container images: use PackageType Zip and send the code in Code.ZipFile.');
  }
  if (code?.S3Bucket !== undefined || code?.S3Key !== undefined) {
    throw invalid('This local Lambda API server cannot read code from S3: send the zip bytes in Code.ZipFile instead of S3Bucket/S3Key.');
  }
}

/**
 * Inflates the whole archive (bounded: nothing past its declared sizes) and refuses it as the
 * service does when it cannot be unzipped as it claims, so a zip bomb is turned away at upload.
 */
export async function assertUnzips(zip: Uint8Array): Promise<void> {
  try {
    await verifyZip(zip);
  } catch (e) {
    if (!(e instanceof UnzipError)) throw e;
    throw invalid(`Could not unzip uploaded file. Please check your file, then try to upload again. (${e.message})`);
  }
}
