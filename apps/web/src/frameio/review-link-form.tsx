import { useMutation, useQueryClient } from '@tanstack/react-query';
import { post } from '../api/api-client.ts';
import { Field, FormError } from '../components/form-controls.tsx';
import { localDateTimeInputValue } from '../lib/format.ts';
import { frameioVersionKey } from './frameio-queries.ts';
import type { FrameioVersionState } from './frameio-types.ts';

/**
 * A new Frame.io review link with a passphrase, an expiry and downloads on or off. It replaces the
 * version's current link once it exists (the server then deletes the old share; a refused or failed
 * one leaves the current link as it is); the passphrase is not stored. An expiry must lie ahead:
 * the server answers 422 `expires_at_in_past`, shown under the field.
 */
export function ReviewLinkForm({
  versionId,
  label,
  onDone,
}: {
  versionId: string;
  label: string;
  onDone: () => void;
}) {
  const qc = useQueryClient();
  const create = useMutation({
    mutationFn: (body: { passphrase?: string; expires_at?: string; downloads: boolean }) =>
      post<FrameioVersionState>(`/versions/${versionId}/frameio/share`, body),
    onSuccess: (s) => {
      qc.setQueryData(frameioVersionKey(versionId), s);
      onDone();
    },
  });
  return (
    <form
      className="form fio__form"
      aria-label={`Review link settings for ${label}`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const passphrase = String(f.get('passphrase') ?? '');
        const expires = String(f.get('expires_at') ?? '');
        const when = expires ? new Date(expires) : null;
        create.mutate({
          ...(passphrase ? { passphrase } : {}),
          ...(when && !Number.isNaN(when.getTime()) ? { expires_at: when.toISOString() } : {}),
          downloads: f.get('downloads') === 'on',
        });
      }}
    >
      <FormError error={create.error} fields={['passphrase', 'expires_at', 'downloads']} />
      <Field label="Passphrase (optional)" name="passphrase" error={create.error}>
        {(p) => <input {...p} type="password" autoComplete="new-password" maxLength={255} />}
      </Field>
      <Field label="Expires (optional)" name="expires_at" error={create.error}>
        {(p) => <input {...p} type="datetime-local" min={localDateTimeInputValue(new Date())} />}
      </Field>
      <label className="inline-label">
        <input type="checkbox" name="downloads" /> Allow downloads
      </label>
      <div className="form__actions">
        <button type="submit" className="btn btn--small btn--primary" disabled={create.isPending}>
          Create new review link
        </button>
        <button type="button" className="btn btn--small btn--ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
