import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createComment, updateComment } from '../api/comment-writes.ts';
import { writeMetadata } from '../api/metadata.routes.ts';
import { emitProjectEvent, stackFiles } from '../api/resource-access.ts';
import type { SandboxControl } from '../control/sandbox-control.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import { SEED_IDS } from '../state/seed.ts';
import type { UserRec } from '../state/state-types.ts';
import { escapeHtml } from './html.ts';
import { filePage } from './ui-file-page.ts';
import { layout } from './ui-layout.ts';
import { folderPage, homePage, webhooksPage } from './ui-pages.ts';

const COOKIE = 'sbx_ui_user';

/** An optional form number: empty is "not given"; anything else must be a whole number from 1. */
function wholeNumber(raw: string | undefined, what: string): number | undefined {
  if (!raw?.trim()) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a whole number from 1`);
  return n;
}

/**
 * The reviewer UI: a stand-in for someone working in Frame.io (demos, browser tests). Server-
 * rendered HTML, a little vanilla JS for the player; every action goes through the same code as
 * the API, so events and webhooks name the acting user chosen in the header.
 */
export function registerUiRoutes(app: FastifyInstance, rt: SandboxRuntime, control: SandboxControl): void {
  app.register(async (ui) => {
    await ui.register(formbody);

    const acting = (req: FastifyRequest): UserRec => {
      const users = rt.store.state.users;
      const m = /(?:^|;\s*)sbx_ui_user=([^;]+)/.exec(req.headers.cookie ?? '');
      const fromCookie = m?.[1] ? users[decodeURIComponent(m[1])] : undefined;
      return fromCookie ?? users[SEED_IDS.rileyId] ?? Object.values(users)[0]!;
    };
    const send = (
      req: FastifyRequest,
      reply: FastifyReply,
      title: string,
      body: string,
      status = 200,
    ): FastifyReply => {
      const users = Object.values(rt.store.state.users);
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(layout(title, body, users, acting(req).id, req.url));
    };
    const back = (reply: FastifyReply, to: unknown): FastifyReply => {
      const path = typeof to === 'string' && to.startsWith('/ui/') && !to.startsWith('//') ? to : '/ui/';
      return reply.redirect(path, 303);
    };
    const notFound = (req: FastifyRequest, reply: FastifyReply): FastifyReply =>
      send(req, reply, 'Not found', '<h2>Not found</h2>', 404);
    const fail = (req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply =>
      send(
        req,
        reply,
        'Error',
        `<h2>Could not do that</h2><p role="alert">${escapeHtml((err as Error).message)}</p>`,
        422,
      );
    const member = (userId: string, accountId: string): boolean =>
      rt.store.state.memberships.some((m) => m.user_id === userId && m.account_id === accountId);

    ui.get('/ui', async (_req, reply) => reply.redirect('/ui/', 302));
    ui.get('/ui/', async (req, reply) => send(req, reply, 'Projects', homePage(rt, acting(req).id)));

    ui.post('/ui/acting-user', async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, string>;
      if (b.user_id && rt.store.state.users[b.user_id]) {
        reply.header(
          'set-cookie',
          `${COOKIE}=${encodeURIComponent(b.user_id)}; Path=/ui; SameSite=Lax; HttpOnly`,
        );
      }
      return back(reply, b.return_to);
    });

    ui.get('/ui/project/:projectId/', async (req, reply) => {
      const project = rt.store.state.projects[(req.params as { projectId: string }).projectId];
      const root = project ? rt.store.state.assets[project.root_folder_id] : undefined;
      if (!project || root?.type !== 'folder' || !member(acting(req).id, project.account_id))
        return notFound(req, reply);
      return send(req, reply, project.name, folderPage(rt, project, root));
    });

    ui.get('/ui/project/:projectId/view/:assetId', async (req, reply) => {
      const { projectId, assetId } = req.params as { projectId: string; assetId: string };
      const project = rt.store.state.projects[projectId];
      const asset = rt.store.state.assets[assetId];
      if (
        !project ||
        !asset ||
        asset.project_id !== project.id ||
        !member(acting(req).id, project.account_id)
      )
        return notFound(req, reply);
      if (asset.type === 'folder') return send(req, reply, asset.name, folderPage(rt, project, asset));
      const file = asset.type === 'file' ? asset : stackFiles(rt, asset.id).at(-1);
      if (!file) return notFound(req, reply);
      return send(req, reply, file.name, filePage(rt, project, file, asset, req.url));
    });

    ui.post('/ui/files/:fileId/comments', async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, string>;
      const file = rt.store.state.assets[(req.params as { fileId: string }).fileId];
      const user = acting(req);
      if (file?.type !== 'file' || !member(user.id, file.account_id)) return notFound(req, reply);
      try {
        if (!b.text?.trim()) throw new Error('A comment needs text');
        createComment(
          rt,
          file,
          user,
          {
            text: b.text,
            timestamp: wholeNumber(b.timestamp, 'Framestamp'),
            duration: wholeNumber(b.duration, 'Duration'),
            completed: b.completed === 'true',
          },
          null,
        );
      } catch (err) {
        return fail(req, reply, err);
      }
      return back(reply, b.return_to);
    });

    ui.post('/ui/comments/:commentId/replies', async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, string>;
      try {
        control.createReply((req.params as { commentId: string }).commentId, {
          user_id: acting(req).id,
          text: b.text ?? '',
        });
      } catch (err) {
        return fail(req, reply, err);
      }
      return back(reply, b.return_to);
    });

    ui.post('/ui/comments/:commentId/completion', async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, string>;
      const c = rt.store.state.comments[(req.params as { commentId: string }).commentId];
      const user = acting(req);
      if (!c || !member(user.id, c.account_id)) return notFound(req, reply);
      updateComment(rt, c, user, { completed: b.completed === 'true' });
      return back(reply, b.return_to);
    });

    ui.post('/ui/files/:fileId/status', async (req, reply) => {
      const b = (req.body ?? {}) as Record<string, string>;
      const file = rt.store.state.assets[(req.params as { fileId: string }).fileId];
      const user = acting(req);
      const project = file ? rt.store.state.projects[file.project_id] : undefined;
      const field = Object.values(rt.store.state.fieldDefinitions).find(
        (d) => d.account_id === file?.account_id && d.name === 'Status',
      );
      if (file?.type !== 'file' || !project || !field || !member(user.id, file.account_id))
        return notFound(req, reply);
      try {
        writeMetadata(
          rt,
          project,
          [file.id],
          [{ field_definition_id: field.id, value: b.option_id ? [b.option_id] : null }],
          user,
        );
      } catch (err) {
        return fail(req, reply, err);
      }
      return back(reply, b.return_to);
    });

    ui.get('/ui/webhooks', async (req, reply) =>
      send(req, reply, 'Webhook deliveries', webhooksPage(rt, rt.dispatcher.log)),
    );

    // short_url target (frameio-api-notes.md, "Shares"; a local URL is a choice): open the first
    // shared asset.
    ui.get('/s/:code', async (req, reply) => {
      const code = (req.params as { code: string }).code;
      const share = Object.values(rt.store.state.shares).find((s) => s.code === code);
      if (!share) return notFound(req, reply);
      // (choice) opening a short link counts as a view by the acting user
      const project = rt.store.state.projects[share.project_id];
      share.last_viewed_at = rt.store.clock.iso();
      rt.store.changed();
      if (project)
        emitProjectEvent(rt, 'share.viewed', project, { id: share.id, type: 'share' }, acting(req).id);
      const first = share.asset_ids.find((id) => rt.store.state.assets[id]);
      return reply.redirect(
        first ? `/ui/project/${share.project_id}/view/${first}` : `/ui/project/${share.project_id}/`,
        302,
      );
    });
  });
}
