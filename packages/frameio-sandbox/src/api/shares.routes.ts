import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { invalid } from '../http/api-error.ts';
import { defineOp } from '../http/operation.ts';
import { paginate } from '../http/pagination.ts';
import { pageSizeMax } from '../http/request-validator.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { ShareRec } from '../state/state-types.ts';
import { presentShare } from './presenters.ts';
import { applySort, emitProjectEvent, getProject, getShare } from './resource-access.ts';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const CORE = [
  'name',
  'description',
  'access',
  'enabled',
  'commenting_enabled',
  'downloading_enabled',
  'passphrase',
  'expiration',
];

function shortCode(): string {
  return Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/**
 * "Share Name (must include at least one non-whitespace character and no line breaks)" (the
 * schema's `AssetShareParams.name`; frameio-api-notes.md, "Shares").
 */
function checkName(name: unknown): void {
  if (typeof name !== 'string') return; // type and length are the schema validator's
  if (/[\r\n\u2028\u2029]/.test(name)) throw invalid('/data/name', 'Share name must not contain line breaks');
  if (name.trim() === '') throw invalid('/data/name', 'Share name must include a non-whitespace character');
}

function splitSettings(d: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d))
    if (!CORE.includes(k) && k !== 'type' && k !== 'asset_ids') out[k] = v;
  return out;
}

export function registerShareRoutes(app: FastifyInstance, rt: SandboxRuntime): void {
  defineOp(app, rt, 'shares.create', ({ params, body, user }) => {
    const project = getProject(rt, params.account_id!, params.project_id!);
    const d = body.data as Record<string, unknown> & { asset_ids?: string[] };
    checkName(d.name);
    const assetIds = d.asset_ids ?? [];
    assetIds.forEach((id, i) => {
      const a = rt.store.state.assets[id];
      if (!a || a.project_id !== project.id)
        throw invalid(`/data/asset_ids/${i}`, 'Asset not found in this project');
    });
    const now = rt.store.clock.iso();
    const share: ShareRec = {
      id: rt.store.newId(),
      account_id: project.account_id,
      project_id: project.id,
      collection_id: rt.store.newId(),
      name: d.name as string,
      description: (d.description as string | undefined) ?? null,
      code: shortCode(),
      access: d.access as ShareRec['access'],
      asset_ids: [...assetIds],
      settings: splitSettings(d),
      enabled: (d.enabled as boolean | undefined) ?? true,
      commenting_enabled: (d.commenting_enabled as boolean | undefined) ?? true,
      downloading_enabled: (d.downloading_enabled as boolean | undefined) ?? false,
      passphrase: (d.passphrase as string | null | undefined) ?? null,
      expiration: (d.expiration as string | null | undefined) ?? null,
      last_viewed_at: null,
      created_at: now,
      updated_at: now,
      seq: rt.store.nextSeq(),
    };
    rt.store.state.shares[share.id] = share;
    rt.store.changed();
    emitProjectEvent(rt, 'share.created', project, { id: share.id, type: 'share' }, user.id);
    return { data: presentShare(rt, share) };
  });

  defineOp(app, rt, 'shares.index', ({ params, query, path, op }) => {
    const project = getProject(rt, params.account_id!, params.project_id!);
    const list = Object.values(rt.store.state.shares)
      .filter((s) => s.project_id === project.id)
      .sort((a, b) => a.seq - b.seq);
    return paginate(applySort(list, query.sort), query, path, pageSizeMax(op), (s) => presentShare(rt, s));
  });

  defineOp(app, rt, 'shares.show', ({ params }) => ({
    data: presentShare(rt, getShare(rt, params.account_id!, params.share_id!)),
  }));

  defineOp(app, rt, 'shares.update', ({ params, body, user }) => {
    const s = getShare(rt, params.account_id!, params.share_id!);
    const d = body.data as Record<string, unknown>;
    checkName(d.name);
    const rec = s as unknown as Record<string, unknown>;
    for (const k of CORE) if (d[k] !== undefined) rec[k] = d[k];
    s.settings = { ...s.settings, ...splitSettings(d) };
    s.updated_at = rt.store.clock.iso();
    rt.store.changed();
    const project = getProject(rt, s.account_id, s.project_id);
    emitProjectEvent(rt, 'share.updated', project, { id: s.id, type: 'share' }, user.id);
    return { data: presentShare(rt, s) };
  });

  defineOp(app, rt, 'shares.delete', ({ params, user }) => {
    const s = getShare(rt, params.account_id!, params.share_id!);
    delete rt.store.state.shares[s.id];
    rt.store.changed();
    const project = getProject(rt, s.account_id, s.project_id);
    emitProjectEvent(rt, 'share.deleted', project, { id: s.id, type: 'share' }, user.id);
    return undefined;
  });
}
