import { ACCOUNT_LIMITS } from '@preroll/contracts/limits';
import { Field } from './form-controls.tsx';

/**
 * The password someone chooses (sign-up, an accepted invitation, a reset): the API's length limit,
 * its rule as the hint, and `new-password` so password managers offer to generate and save one.
 */
export function NewPasswordField(props: { label?: string; error: unknown }) {
  return (
    <Field
      label={props.label ?? 'Password'}
      name="password"
      error={props.error}
      hint="At least 10 characters."
    >
      {(p) => (
        <input
          {...p}
          type="password"
          autoComplete="new-password"
          maxLength={ACCOUNT_LIMITS.password}
          required
        />
      )}
    </Field>
  );
}
