import { FrameioHttp, type FrameioHttpOptions } from './http/request.ts';
import { accountsResource, workspacesResource } from './resources/accounts.ts';
import { commentsResource } from './resources/comments.ts';
import { filesResource } from './resources/files.ts';
import { foldersResource } from './resources/folders.ts';
import { metadataResource } from './resources/metadata.ts';
import { projectsResource } from './resources/projects.ts';
import { sharesResource } from './resources/shares.ts';
import { usersResource } from './resources/users.ts';
import { versionStacksResource } from './resources/version-stacks.ts';
import { webhooksResource } from './resources/webhooks.ts';

export type FrameioClientOptions = FrameioHttpOptions;

/**
 * One client per Frame.io connection: it owns that connection's rate-limit buckets and its
 * single-flight token refresh, so never share one between connections nor create one per call.
 */
export function createFrameioClient(options: FrameioClientOptions) {
  const http = new FrameioHttp(options);
  return {
    /** Low-level access: `http.request({operation, path, query, body})`, limiter, base URL. */
    http,
    users: usersResource(http),
    accounts: accountsResource(http),
    workspaces: workspacesResource(http),
    projects: projectsResource(http),
    folders: foldersResource(http),
    files: filesResource(http),
    versionStacks: versionStacksResource(http),
    comments: commentsResource(http),
    metadata: metadataResource(http),
    shares: sharesResource(http),
    webhooks: webhooksResource(http),
  };
}

export type FrameioClient = ReturnType<typeof createFrameioClient>;
