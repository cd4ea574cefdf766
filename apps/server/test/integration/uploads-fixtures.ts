import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiKey, createDeliverable } from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';

export const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

export async function sha256Streamed(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface UploadsEnv {
  app: TestApp;
  /** A scratch directory for the media a test makes with ffmpeg. */
  tmp: string;
  owner: Awaited<ReturnType<typeof signUp>>;
  apiKey: string;
  /** A deliverable of owner's organization that tests upload versions to. */
  deliverableId: string;
  close(): Promise<void>;
}

/** The tus upload specs: a real server, one organization with an API key, and a deliverable. */
export async function startUploadsEnv(env: Record<string, string> = {}): Promise<UploadsEnv> {
  const app = await startTestApp(env);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-media-'));
  const owner = await signUp(app);
  const apiKey = await createApiKey(owner.client);
  const { deliverableId } = await createDeliverable(app, owner.orgId);
  return {
    app,
    tmp,
    owner,
    apiKey,
    deliverableId,
    async close() {
      await app.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
