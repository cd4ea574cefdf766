import type { Readable } from 'node:stream';
import type { DataStore } from '@tus/server';

/** An upload with fewer bytes than it declared (for expiry). */
export interface UnfinishedUpload {
  id: string;
  orgId: string | null;
  /** The last time it received a byte (or was created). */
  lastActivity: Date;
}

/** The tus data store of a storage backend, plus what the upload service asks of it. */
export interface UploadDataStore extends DataStore {
  /** Where uploads in progress are: a directory on local disk, the key prefix in a bucket. */
  readonly directory: string;
  /** Bytes left for uploads, or null where the backend has no such limit (an object store). */
  freeBytes(): Promise<number | null>;
  /** Every upload with fewer bytes than it declared; finished uploads (version files) never appear. */
  listUnfinished(): Promise<UnfinishedUpload[]>;
}

/** Size and a change stamp of a stored file (ETags), or null when it is not there. */
export interface StoredStat {
  size: number;
  mtimeMs: number;
}

/**
 * Where media lives: originals (tus uploads and copied-in files), playback proxies, posters,
 * thumbnail sprites and waveforms. One interface, two backends (docs/deploy.md, "Storage"): the
 * local data dir (FileStorage, the default) and an S3-compatible object store (S3Storage).
 *
 * A storage key is a relative, `/`-separated name (`tus/<upload id>`, `local/<id>`,
 * `derived/<version id>/<name>`). Everything streams: a multi-gigabyte cut never sits in memory.
 * Backend failures (disk full, read-only, endpoint unreachable, bad credentials) surface as
 * StorageFailure, which the HTTP layer answers 503/507 without the raw message.
 */
export interface MediaStorage {
  readonly kind: 'local' | 's3';
  size(storageKey: string): Promise<number | null>;
  stat(storageKey: string): Promise<StoredStat | null>;
  /** Streaming SHA-256; `onBytes` hears the running count of bytes read (analysis progress). */
  sha256(storageKey: string, onBytes?: (read: number) => void): Promise<string>;
  /** A stream over bytes start..end inclusive (HTTP Range semantics), or the whole file. */
  openRead(storageKey: string, range?: { start: number; end: number }): Promise<Readable>;
  /**
   * What ffmpeg and ffprobe take as their input for this key: the file's path on local disk, a
   * short-lived presigned GET URL on S3 (ffmpeg reads it with HTTP Range requests, seeking as on
   * a file).
   */
  inputFor(storageKey: string): Promise<string>;
  /** Copies a file already on this machine in under `storageKey`; readers never see half of it. */
  copyIn(sourcePath: string, storageKey: string): Promise<number>;
  /** The key of something made from a version; a version's derived files are removed together. */
  derivedKey(versionId: string, name: string): string;
  /**
   * A local path ffmpeg may write `storageKey` to: the file itself on local disk, a staging file
   * on S3. Nothing is visible under the key until commit().
   */
  prepareWrite(storageKey: string): Promise<string>;
  /** Makes the file written at prepareWrite(fromKey) readable as `toKey`, in one step. */
  commit(fromKey: string, toKey: string): Promise<void>;
  writeText(storageKey: string, text: string): Promise<void>;
  /** Removes the file (and a tus sidecar, a staging file); missing files are fine. */
  remove(storageKey: string): Promise<void>;
  /** Removes everything made from these versions; missing ones are fine. */
  removeDerived(versionIds: string[]): Promise<void>;
  /** Removes several files (after a cascade delete); one failure does not stop the rest. */
  removeAll(storageKeys: string[]): Promise<void>;
  /** The tus data store writing uploads into this storage under `tus/<upload id>`. */
  uploadStore(): UploadDataStore;
  /** Whether storage takes a write (`/readyz`); throws when it does not. */
  checkWritable(): Promise<void>;
}

const DERIVED_VERSION = /^[0-9a-f-]{36}$/i;
const DERIVED_NAME = /^[a-z0-9.-]+$/;

/** `derived/<version id>/<name>`, refusing anything that is not a version id and a plain name. */
export function derivedKeyOf(versionId: string, name: string): string {
  if (!DERIVED_VERSION.test(versionId) || !DERIVED_NAME.test(name))
    throw new Error(`not a derived file name: ${versionId}/${name}`);
  return `derived/${versionId}/${name}`;
}
