import type { ReactNode } from 'react';
import { text } from '../lib/format.ts';
import { Field, FormError } from './form-controls.tsx';

/** One input of a SettingsForm, with the limits its API field has (packages/contracts `limits.ts`). */
export interface SettingsField {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  autoComplete?: string;
  maxLength: number;
  required?: boolean;
  defaultValue?: string;
  hint?: ReactNode;
}

/**
 * A small settings form: labelled inputs that carry their limits, the API's sentence under the
 * input it is about (Field), any other error on top (FormError), one submit button and what
 * success says. Account settings' name, email and password forms are each one of these.
 */
export function SettingsForm(props: {
  label: string;
  fields: SettingsField[];
  submitLabel: string;
  pending: boolean;
  error: unknown;
  /** Shown after a success (a sentence), or null. */
  done: ReactNode;
  onSubmit: (values: Record<string, string>) => void;
}) {
  return (
    <form
      noValidate
      className="form"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        props.onSubmit(Object.fromEntries(props.fields.map((x) => [x.name, text(f.get(x.name))])));
      }}
    >
      <FormError error={props.error} fields={props.fields.map((x) => x.name)} />
      {props.fields.map((x) => (
        <Field key={x.name} label={x.label} name={x.name} error={props.error} hint={x.hint}>
          {(p) => (
            <input
              {...p}
              type={x.type ?? 'text'}
              autoComplete={x.autoComplete}
              defaultValue={x.defaultValue}
              maxLength={x.maxLength}
              required={x.required ?? true}
            />
          )}
        </Field>
      ))}
      <div className="form__actions">
        <button type="submit" className="btn btn--small" disabled={props.pending}>
          {props.submitLabel}
        </button>
        {props.done ? <span role="status">{props.done}</span> : null}
      </div>
    </form>
  );
}
