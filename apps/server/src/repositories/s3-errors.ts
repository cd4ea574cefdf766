import { StorageFailure } from './storage-failure.ts';

/** What the AWS SDK puts on a failed call. */
interface SdkError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Whether an SDK error says the object (or its upload) is not there. */
export function isMissing(err: unknown): boolean {
  const e = err as SdkError | null;
  return (
    e?.name === 'NoSuchKey' ||
    e?.name === 'NotFound' ||
    e?.name === 'NoSuchUpload' ||
    e?.$metadata?.httpStatusCode === 404
  );
}

/**
 * Runs an S3 call, turning "the store cannot be used" (endpoint unreachable, bad credentials,
 * no such bucket, server errors, throttling) into StorageFailure('unavailable'): answered 503
 * `storage_unavailable` without the raw message. A missing object is left to the caller.
 */
export async function guardS3<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (err instanceof StorageFailure || isMissing(err)) throw err;
    const e = err as SdkError | null;
    const name = e?.code ?? e?.name ?? 'S3Error';
    throw new StorageFailure('unavailable', name, { cause: err });
  }
}
