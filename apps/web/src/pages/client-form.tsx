import { ACCOUNT_LIMITS, NOTES_MAX, TITLE_MAX } from '@preroll/contracts/limits';
import type { Client } from '../api/types.ts';
import { Field, FormError } from '../components/form-controls.tsx';
import { text, textOrNull } from '../lib/format.ts';

export interface ClientInput {
  name: string;
  contact_email: string | null;
  notes: string | null;
}

const FIELDS = ['name', 'contact_email', 'notes'];

export function ClientForm(props: {
  initial?: Client;
  submitLabel: string;
  error: unknown;
  pending: boolean;
  onSubmit: (v: ClientInput) => void;
  onCancel?: () => void;
}) {
  const { initial, error } = props;
  return (
    <form
      className="form form--grid"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        props.onSubmit({
          name: text(f.get('name')),
          contact_email: textOrNull(f.get('contact_email')),
          notes: textOrNull(f.get('notes')),
        });
      }}
    >
      <FormError error={error} fields={FIELDS} />
      <Field label="Client name" name="name" error={error}>
        {(p) => <input {...p} defaultValue={initial?.name ?? ''} maxLength={TITLE_MAX} required />}
      </Field>
      <Field label="Contact email" name="contact_email" error={error}>
        {(p) => (
          <input
            {...p}
            type="email"
            defaultValue={initial?.contact_email ?? ''}
            maxLength={ACCOUNT_LIMITS.email}
          />
        )}
      </Field>
      <Field label="Notes" name="notes" error={error}>
        {(p) => <textarea {...p} rows={2} defaultValue={initial?.notes ?? ''} maxLength={NOTES_MAX} />}
      </Field>
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={props.pending}>
          {props.submitLabel}
        </button>
        {props.onCancel ? (
          <button type="button" className="btn btn--ghost" onClick={props.onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
