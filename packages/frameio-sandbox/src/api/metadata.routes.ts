import type { FastifyInstance } from 'fastify';
import { invalid } from '../http/api-error.ts';
import { defineOp } from '../http/operation.ts';
import { paginate } from '../http/pagination.ts';
import { pageSizeMax } from '../http/request-validator.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import { isSystemFieldId } from '../media/media-metadata.ts';
import type { FieldDefinitionRec, FileRec, ProjectRec, UserRec } from '../state/state-types.ts';
import { presentFieldDefinition, presentMetadataFields, selectOptions } from './metadata-presenters.ts';
import { parseIncludes } from './presenters.ts';
import { applySort, emitProjectEvent, getFile, getProject } from './resource-access.ts';

/**
 * Checks one value for its field type; select values are `[option_id]` (frameio-api-notes.md,
 * "Status field"). null/[] clear (choice).
 */
function normalise(def: FieldDefinitionRec, value: unknown, pointer: string): unknown {
  if (!def.mutable) throw invalid(pointer, 'System field values cannot be updated');
  if (value === null) return null;
  switch (def.field_type) {
    case 'select': {
      const ids = selectOptions(def).map((o) => o.id);
      if (
        !Array.isArray(value) ||
        value.length > 1 ||
        !value.every((v) => typeof v === 'string' && ids.includes(v))
      ) {
        throw invalid(pointer, 'Select values must be a list with at most one option id of this field');
      }
      return value;
    }
    case 'text':
      if (typeof value !== 'string') throw invalid(pointer, 'Expected a string');
      return value;
    case 'rating':
      if (!Number.isInteger(value)) throw invalid(pointer, 'Expected an integer');
      return value;
    case 'toggle':
      if (typeof value !== 'boolean') throw invalid(pointer, 'Expected a boolean');
      return value;
  }
}

export interface MetadataWrite {
  field_definition_id: string;
  value: unknown;
}

/** Bulk values update shared by the API and the reviewer UI; emits metadata.value.updated per file. */
export function writeMetadata(
  rt: SandboxRuntime,
  project: ProjectRec,
  fileIds: string[],
  values: MetadataWrite[],
  user: UserRec,
): void {
  const files: FileRec[] = fileIds.map((id, i) => {
    const f = rt.store.state.assets[id];
    if (f?.type !== 'file' || f.project_id !== project.id)
      throw invalid(`/data/file_ids/${i}`, 'File not found in this project');
    return f;
  });
  const writes = values.map((v, i) => {
    if (isSystemFieldId(project.account_id, v.field_definition_id))
      throw invalid(`/data/values/${i}/value`, 'System field values cannot be updated');
    const def = rt.store.state.fieldDefinitions[v.field_definition_id];
    if (!def || def.account_id !== project.account_id) {
      throw invalid(`/data/values/${i}/field_definition_id`, 'Field definition not found');
    }
    return { def, value: normalise(def, v.value, `/data/values/${i}/value`) };
  });
  for (const f of files) {
    for (const w of writes) {
      const key = `${f.id}:${w.def.id}`;
      if (w.value === null || (Array.isArray(w.value) && w.value.length === 0))
        delete rt.store.state.metadataValues[key];
      else rt.store.state.metadataValues[key] = w.value;
    }
    f.updated_at = rt.store.clock.iso();
  }
  rt.store.changed();
  for (const f of files)
    emitProjectEvent(rt, 'metadata.value.updated', project, { id: f.id, type: 'file' }, user.id);
}

export function registerMetadataRoutes(app: FastifyInstance, rt: SandboxRuntime): void {
  defineOp(app, rt, 'metadata.show', ({ params, query }) => {
    const f = getFile(rt, params.account_id!, params.file_id!);
    return { data: { file_id: f.id, metadata: presentMetadataFields(rt, f, query.show_null === 'true') } };
  });

  defineOp(app, rt, 'metadata.field_definitions.index', ({ params, query, path, op }) => {
    const defs = Object.values(rt.store.state.fieldDefinitions)
      .filter((d) => d.account_id === params.account_id)
      .sort((a, b) => a.seq - b.seq);
    const includes = parseIncludes(query.include);
    return paginate(applySort(defs, query.sort), query, path, pageSizeMax(op), (d) =>
      presentFieldDefinition(rt, d, includes),
    );
  });

  defineOp(app, rt, 'metadata.bulk_update', ({ params, body, user }) => {
    const project = getProject(rt, params.account_id!, params.project_id!);
    writeMetadata(rt, project, body.data.file_ids, body.data.values, user);
    return undefined;
  });
}
