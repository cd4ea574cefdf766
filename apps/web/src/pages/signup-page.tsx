import { ACCOUNT_LIMITS, ORGANIZATION_NAME_MAX } from '@preroll/contracts/limits';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { post } from '../api/api-client.ts';
import type { Me } from '../api/types.ts';
import { Field, FormError } from '../components/form-controls.tsx';
import { NewPasswordField } from '../components/new-password-field.tsx';
import { text } from '../lib/format.ts';
import { AuthShell } from './auth-shell.tsx';

const FIELDS = ['name', 'email', 'password', 'organization_name'];

export function SignupPage() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const signup = useMutation({
    mutationFn: (body: Record<string, string>) => post<Me>('/auth/signup', body),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(['me'], me);
      navigate('/clients');
    },
  });
  return (
    <AuthShell title="Create your studio">
      <form
        noValidate
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          signup.mutate(Object.fromEntries(FIELDS.map((k) => [k, text(f.get(k))])));
        }}
      >
        <FormError error={signup.error} fields={FIELDS} />
        <Field label="Your name" name="name" error={signup.error}>
          {(p) => <input {...p} autoComplete="name" maxLength={ACCOUNT_LIMITS.name} required />}
        </Field>
        <Field label="Email" name="email" error={signup.error}>
          {(p) => (
            <input {...p} type="email" autoComplete="email" maxLength={ACCOUNT_LIMITS.email} required />
          )}
        </Field>
        <NewPasswordField error={signup.error} />
        <Field label="Organization name" name="organization_name" error={signup.error}>
          {(p) => <input {...p} autoComplete="organization" maxLength={ORGANIZATION_NAME_MAX} required />}
        </Field>
        <button type="submit" className="btn btn--primary btn--block" disabled={signup.isPending}>
          {signup.isPending ? 'Creating…' : 'Sign up'}
        </button>
      </form>
      <p className="muted auth__alt">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </AuthShell>
  );
}
