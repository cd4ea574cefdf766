import fs from 'node:fs';

/**
 * The data directory holds the SQLite database (sessions, API key hashes, sealed Frame.io
 * tokens), the secret key and every uploaded file: nobody but the server's own user may read it.
 * New directories are created 0700 and files 0600; existing ones that are looser are tightened
 * (best effort: a directory owned by another user, e.g. a mounted volume root, is left as it is).
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** `mkdir -p` with 0700 for every directory it creates, and 0700 for `dir` itself. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
}

/** Creates `file` empty with 0600 if it does not exist, else tightens its mode to 0600. */
export function ensurePrivateFile(file: string): void {
  try {
    const { O_CREAT, O_EXCL, O_WRONLY } = fs.constants;
    fs.closeSync(fs.openSync(file, O_CREAT | O_EXCL | O_WRONLY, PRIVATE_FILE_MODE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    tighten(file, PRIVATE_FILE_MODE);
  }
}

/** Tightens an existing file to 0600 if it exists (SQLite's -wal and -shm files). */
export function tightenIfExists(file: string): void {
  if (fs.existsSync(file)) tighten(file, PRIVATE_FILE_MODE);
}

/** Removes the permission bits `mode` does not grant; never adds any. */
function tighten(target: string, mode: number): void {
  try {
    const current = fs.statSync(target).mode & 0o777;
    if ((current & mode) !== current) fs.chmodSync(target, current & mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}
