import { createHash } from 'node:crypto';
import { frameRateLabel, framesToTimecode } from '@preroll/timecode';
import type { FileRec, MediaFacts } from '../state/state-types.ts';

/**
 * The media facts as read-only ("System") metadata fields, the way Frame.io lists technical
 * metadata beside custom fields (docs/frameio-api-notes.md, "Media facts": the field names are
 * UNCONFIRMED, a choice). Ids are stable per account, so a client can remember them.
 */
type SystemField = {
  name: string;
  field_type: 'number' | 'text';
  value: (f: MediaFacts | null, file: FileRec) => number | string | null;
};

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

const SYSTEM_FIELDS: SystemField[] = [
  {
    name: 'Frame Rate',
    field_type: 'number',
    value: (f) => (f?.frame_rate ? Number(frameRateLabel(f.frame_rate)) : null),
  },
  { name: 'Duration', field_type: 'number', value: (f) => seconds(f?.duration_ms ?? null) },
  { name: 'Frame Count', field_type: 'number', value: (f) => f?.frame_count ?? null },
  {
    name: 'Start Timecode',
    field_type: 'text',
    value: (f) =>
      f?.frame_rate
        ? framesToTimecode(0, f.frame_rate, { dropFrame: f.drop_frame, startFrame: f.start_frame })
        : null,
  },
  { name: 'Resolution Width', field_type: 'number', value: (f) => f?.width ?? null },
  { name: 'Resolution Height', field_type: 'number', value: (f) => f?.height ?? null },
  { name: 'Video Codec', field_type: 'text', value: (f) => f?.video_codec ?? null },
  { name: 'Audio Codec', field_type: 'text', value: (f) => f?.audio_codec ?? null },
  { name: 'Sample Rate', field_type: 'number', value: (f) => f?.sample_rate ?? null },
  { name: 'Audio Channels', field_type: 'number', value: (f) => f?.channels ?? null },
  // Where the facts came from, or why there are none (ffprobe missing, unreadable bytes).
  { name: 'Media Analysis', field_type: 'text', value: (_f, file) => file.media.note },
];

/** A name-based UUID (RFC 4122 version 5 layout) for a system field of an account. */
export function systemFieldId(accountId: string, name: string): string {
  const h = createHash('sha1').update(`frameio-sandbox:system-field:${accountId}:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function isSystemFieldId(accountId: string, id: string): boolean {
  return SYSTEM_FIELDS.some((f) => systemFieldId(accountId, f.name) === id);
}

/** `MetadataField`s (TextValue / NumberValue, `mutable: false`); unset ones only with showNull. */
export function presentSystemFields(file: FileRec, showNull: boolean): Record<string, unknown>[] {
  const facts = file.media.facts;
  const out: Record<string, unknown>[] = [];
  for (const f of SYSTEM_FIELDS) {
    const value = f.value(facts, file);
    if (value === null && !showNull) continue;
    out.push({
      field_definition_id: systemFieldId(file.account_id, f.name),
      field_definition_name: f.name,
      field_type: f.field_type,
      mutable: false,
      value,
    });
  }
  return out;
}
