import { NOTES_MAX, TITLE_MAX } from '@preroll/contracts/limits';
import type { Show } from '../api/types.ts';
import { Field, FormError } from '../components/form-controls.tsx';
import { text, textOrNull } from '../lib/format.ts';

export interface ShowInput {
  title: string;
  description: string | null;
}

export function ShowForm(props: {
  initial?: Show;
  submitLabel: string;
  error: unknown;
  pending: boolean;
  onSubmit: (v: ShowInput) => void;
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
        props.onSubmit({ title: text(f.get('title')), description: textOrNull(f.get('description')) });
      }}
    >
      <FormError error={error} fields={['title', 'description']} />
      <Field label="Show title" name="title" error={error}>
        {(p) => <input {...p} defaultValue={initial?.title ?? ''} maxLength={TITLE_MAX} required />}
      </Field>
      <Field label="Description" name="description" error={error}>
        {(p) => <textarea {...p} rows={2} defaultValue={initial?.description ?? ''} maxLength={NOTES_MAX} />}
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
