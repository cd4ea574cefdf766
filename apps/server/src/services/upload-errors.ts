import { AppError } from '../lib/errors.ts';
import { type StorageFailure, storageFailureOf } from '../repositories/storage-failure.ts';

/**
 * What a client is told when upload storage fails: the stable code and a sentence, never the
 * file system's message (it names server paths). The bytes received so far are kept, so the
 * client resumes from HEAD's offset once the operator has fixed the disk.
 */
export function storageError(failure: StorageFailure): AppError {
  return failure.reason === 'full'
    ? new AppError(
        507,
        'storage_full',
        'The server has no disk space left for this upload; try again later (bytes already received are kept)',
      )
    : new AppError(
        503,
        'storage_unavailable',
        'Upload storage is unavailable right now; try again later (bytes already received are kept)',
      );
}

/**
 * An AppError for an error raised while handling an upload, or undefined if it is neither ours
 * nor a storage condition. Raw fs errors count too: when the disk fills mid-PATCH, the stream
 * pipeline inside @tus/server can reject with the file system's own error first.
 */
export function uploadErrorFor(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const failure = storageFailureOf(err);
  return failure ? storageError(failure) : undefined;
}

/**
 * The answer for a media storage failure outside an upload (playing, downloading, previews):
 * 503 `storage_unavailable` or 507 `storage_full`, or undefined when `err` is none.
 */
export function mediaStorageErrorFor(err: unknown): AppError | undefined {
  if (err instanceof AppError) return undefined;
  const failure = storageFailureOf(err);
  if (!failure) return undefined;
  return failure.reason === 'full'
    ? new AppError(507, 'storage_full', 'Media storage has no space left; try again later')
    : new AppError(503, 'storage_unavailable', 'Media storage is unavailable right now; try again later');
}
