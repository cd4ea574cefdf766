import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getData, put } from '../api/api-client.ts';
import { ErrorNotice, Field, FormError } from '../components/form-controls.tsx';
import { FRAMEIO_STATUS_MAPPING_KEY, type FrameioStatusMapping } from './frameio-sync-types.ts';

/**
 * The options of Frame.io's default "Status" field. There is no API listing an account's options
 * yet, so these plus whatever the mapping currently names are offered.
 */
const KNOWN_OPTIONS = ['Needs Review', 'In Progress', 'Approved'];
const FIELDS = ['approved', 'revision_requested', 'in_review'];
const UNSET = '';

function optionsWith(current: string | null): string[] {
  return current && !KNOWN_OPTIONS.includes(current) ? [...KNOWN_OPTIONS, current] : KNOWN_OPTIONS;
}

/** Which Frame.io Status option means approved / revision requested / submitted. Admins edit it. */
export function FrameioStatusMappingEditor({ canManage }: { canManage: boolean }) {
  const mapping = useQuery({
    queryKey: FRAMEIO_STATUS_MAPPING_KEY,
    queryFn: () => getData<FrameioStatusMapping>('/integrations/frameio/status-mapping'),
  });
  return (
    <section className="frameio-sync__section" aria-labelledby="frameio-mapping-h">
      <h4 id="frameio-mapping-h">Status mapping</h4>
      <p className="muted small">
        Which option of the Frame.io <strong>Status</strong> field stands for each deliverable status. Setting
        it in Frame.io approves or requests a revision here; approving, requesting a revision or submitting
        here sets it in Frame.io.
      </p>
      {mapping.data ? (
        <MappingForm key={JSON.stringify(mapping.data)} initial={mapping.data} canManage={canManage} />
      ) : (
        <ErrorNotice error={mapping.error} onRetry={() => void mapping.refetch()} />
      )}
    </section>
  );
}

function MappingForm({ initial, canManage }: { initial: FrameioStatusMapping; canManage: boolean }) {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<FrameioStatusMapping>(initial);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (m: FrameioStatusMapping) =>
      put<FrameioStatusMapping>('/integrations/frameio/status-mapping', m),
    onSuccess: (m) => {
      setSaved(true);
      qc.setQueryData(FRAMEIO_STATUS_MAPPING_KEY, m);
    },
  });
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const set = (k: keyof FrameioStatusMapping, v: string | null) => {
    setSaved(false);
    setDraft((d) => ({ ...d, [k]: v }));
  };

  return (
    <form
      className="frameio-mapping"
      aria-label="Frame.io status mapping"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft);
      }}
    >
      <FormError error={save.error} fields={FIELDS} />
      <Field label="Approved" name="approved" error={save.error}>
        {(p) => (
          <select
            {...p}
            value={draft.approved}
            disabled={!canManage}
            onChange={(e) => set('approved', e.target.value)}
          >
            {optionsWith(draft.approved).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Revision requested" name="revision_requested" error={save.error}>
        {(p) => (
          <select
            {...p}
            value={draft.revision_requested}
            disabled={!canManage}
            onChange={(e) => set('revision_requested', e.target.value)}
          >
            {optionsWith(draft.revision_requested).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Submitted (in review)" name="in_review" error={save.error}>
        {(p) => (
          <select
            {...p}
            value={draft.in_review ?? UNSET}
            disabled={!canManage}
            onChange={(e) => set('in_review', e.target.value === UNSET ? null : e.target.value)}
          >
            <option value={UNSET}>Leave Frame.io’s Status alone</option>
            {optionsWith(draft.in_review).map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        )}
      </Field>
      {canManage ? (
        <div className="frameio-sync__row">
          <button type="submit" className="btn btn--small btn--primary" disabled={!dirty || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save mapping'}
          </button>
          {saved && !dirty ? (
            <span className="muted small" role="status">
              Saved.
            </span>
          ) : null}
        </div>
      ) : (
        <p className="muted small">Only owners and admins can change the mapping.</p>
      )}
    </form>
  );
}
