import type { SandboxRuntime } from '../http/runtime.ts';
import { presentSystemFields } from '../media/media-metadata.ts';
import type { FieldDefinitionRec, FileRec, SelectOptionRec } from '../state/state-types.ts';
import { presentUser } from './presenters.ts';

export function presentFieldDefinition(
  rt: SandboxRuntime,
  d: FieldDefinitionRec,
  includes: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: d.id,
    name: d.name,
    field_type: d.field_type,
    creator_id: d.creator_id,
    created_at: d.created_at,
    updated_at: d.updated_at,
    mutable: d.mutable,
    field_configuration: d.field_configuration,
  };
  if (includes.has('creator')) out.creator = presentUser(rt.store.state.users[d.creator_id]);
  return out;
}

export function selectOptions(d: FieldDefinitionRec): SelectOptionRec[] {
  return ((d.field_configuration.options as SelectOptionRec[] | undefined) ?? []).map((o) => ({ ...o }));
}

/** `MetadataField`s of a file; `showNull` adds unset fields and field details (options). */
export function presentMetadataFields(
  rt: SandboxRuntime,
  f: FileRec,
  showNull: boolean,
): Record<string, unknown>[] {
  const defs = Object.values(rt.store.state.fieldDefinitions)
    .filter((d) => d.account_id === f.account_id)
    .sort((a, b) => a.seq - b.seq);
  const out: Record<string, unknown>[] = [];
  for (const d of defs) {
    const raw = rt.store.state.metadataValues[`${f.id}:${d.id}`];
    const unset = raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0);
    if (unset && !showNull) continue;
    const field: Record<string, unknown> = {
      field_definition_id: d.id,
      field_definition_name: d.name,
      field_type: d.field_type,
      mutable: d.mutable,
    };
    if (d.field_type === 'select') {
      const opts = selectOptions(d);
      const ids = Array.isArray(raw) ? (raw as string[]) : [];
      field.value = opts
        .filter((o) => ids.includes(o.id))
        .map((o) => ({ id: o.id, display_name: o.display_name }));
      if (showNull) field.field_options = opts.map((o) => ({ id: o.id, display_name: o.display_name }));
    } else {
      field.value = unset ? null : raw;
    }
    out.push(field);
  }
  return [...out, ...presentSystemFields(f, showNull)];
}
