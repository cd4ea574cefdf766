import type { ServiceDeps } from './service-deps.ts';

// TODO(owner: media): versions: tus upload completion, sha256, ffprobe, streaming
export class VersionService {
  constructor(private readonly deps: ServiceDeps) {}
}
