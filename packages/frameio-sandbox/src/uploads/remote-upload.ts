import type { SandboxRuntime } from '../http/runtime.ts';
import { completeUpload } from './upload-lifecycle.ts';

/** A remote upload's fetch may take this long, redirects included. */
export const REMOTE_UPLOAD_TIMEOUT_MS = 120_000;

/**
 * The remote upload ("create from URL", docs/frameio-api-notes.md, "Operations beyond the
 * subset"): Frame.io fetches `source_url` itself. The sandbox does the same over HTTP(S), within
 * reason: redirects followed, a time limit, a size cap (`remoteUploadMaxBytes`), the body
 * streamed to disk. Then the file completes like a local upload (probe, `uploaded`,
 * `transcoded`); a failure sets `upload_failed` and says why in the reviewer UI.
 */
export async function fetchRemoteUpload(
  rt: SandboxRuntime,
  fileId: string,
  sourceUrl: string,
): Promise<void> {
  const abort = new AbortController();
  rt.remoteFetches.add(abort);
  const timer = setTimeout(() => abort.abort(), REMOTE_UPLOAD_TIMEOUT_MS);
  timer.unref();
  try {
    const res = await fetch(sourceUrl, { redirect: 'follow', signal: abort.signal });
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      throw new Error(`the source answered HTTP ${res.status}`);
    }
    const started = rt.store.state.assets[fileId];
    if (started?.type !== 'file') {
      await res.body.cancel();
      return;
    }
    started.uploaded_at ??= rt.store.clock.iso();
    const body = res.body as unknown as AsyncIterable<Uint8Array>;
    const stored = await rt.uploads.storeWhole(fileId, body, rt.options.remoteUploadMaxBytes);
    if (stored === 'too_large')
      throw new Error(`the source is larger than ${rt.options.remoteUploadMaxBytes} bytes`);
    const current = rt.store.state.assets[fileId];
    if (current?.type !== 'file') {
      await rt.uploads.remove(fileId); // deleted while it was being fetched
      return;
    }
    current.file_size = stored.size;
    rt.store.changed();
    await completeUpload(rt, fileId, stored.sha256);
  } catch (err) {
    const current = rt.store.state.assets[fileId];
    if (current?.type === 'file' && current.status === 'created') {
      current.upload_failed = true;
      current.upload_error = `Remote upload failed: ${abort.signal.aborted ? 'it took too long or the sandbox stopped' : (err as Error).message}`;
      current.updated_at = rt.store.clock.iso();
      rt.store.changed();
    }
  } finally {
    clearTimeout(timer);
    rt.remoteFetches.delete(abort);
  }
}
