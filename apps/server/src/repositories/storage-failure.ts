/**
 * A file system failure of upload storage, classified for the caller without the raw message
 * (which names server paths). The original error stays in `cause`, for the log only.
 */
export class StorageFailure extends Error {
  constructor(
    /** `full`: no space or quota left. `unavailable`: read-only, no permission, I/O error. */
    readonly reason: 'full' | 'unavailable',
    readonly errno: string,
    options: { cause: unknown },
  ) {
    super(`upload storage ${reason} (${errno})`, options);
    this.name = 'StorageFailure';
  }
}

const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const UNAVAILABLE = new Set([
  'EROFS',
  'EACCES',
  'EPERM',
  'EIO',
  'ENODEV',
  'ENXIO',
  'ESTALE',
  'EMFILE',
  'ENFILE',
]);

/** The StorageFailure an fs error stands for, or undefined when it is not a storage condition. */
export function storageFailureOf(err: unknown): StorageFailure | undefined {
  if (err instanceof StorageFailure) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (FULL.has(code)) return new StorageFailure('full', code, { cause: err });
  if (UNAVAILABLE.has(code)) return new StorageFailure('unavailable', code, { cause: err });
  return undefined;
}

/** Runs an fs operation, turning storage conditions into StorageFailure and rethrowing the rest. */
export async function guardStorage<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    throw storageFailureOf(err) ?? err;
  }
}
