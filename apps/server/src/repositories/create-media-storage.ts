import type { Config } from '../config/config.ts';
import { FileStorage } from './file-storage.ts';
import type { MediaStorage } from './media-storage.ts';
import { S3Storage } from './s3-storage.ts';

/** The media storage the configuration names (docs/deploy.md, "Storage"); the data dir by default. */
export function createMediaStorage(config: Config): MediaStorage {
  if (config.storage.kind === 's3') return new S3Storage(config.storage, config.dataDir);
  return new FileStorage(config.dataDir);
}
