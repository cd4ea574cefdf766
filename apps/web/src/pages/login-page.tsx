import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { post } from '../api/api-client.ts';
import type { Me } from '../api/types.ts';
import { Field, FormError } from '../components/form-controls.tsx';
import { text } from '../lib/format.ts';
import { AuthShell } from './auth-shell.tsx';

/** Only same-app paths are followed after login (never an absolute URL from the query string). */
export function safeNext(next: string | null): string {
  // `//host` and `/\host` both parse as another origin (URLs read a backslash as a slash).
  return next?.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/clients';
}

export function LoginPage() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const login = useMutation({
    mutationFn: (body: { email: string; password: string }) => post<Me>('/auth/login', body),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(['me'], me);
      navigate(safeNext(params.get('next')));
    },
  });
  return (
    <AuthShell title="Log in">
      <form
        noValidate
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          login.mutate({ email: text(f.get('email')), password: text(f.get('password')) });
        }}
      >
        <FormError error={login.error} fields={['email', 'password']} />
        <Field label="Email" name="email" error={login.error}>
          {(p) => <input {...p} type="email" autoComplete="email" maxLength={254} required />}
        </Field>
        <Field label="Password" name="password" error={login.error}>
          {(p) => <input {...p} type="password" autoComplete="current-password" maxLength={200} required />}
        </Field>
        <button type="submit" className="btn btn--primary btn--block" disabled={login.isPending}>
          {login.isPending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p className="muted auth__alt">
        New to preroll? <Link to="/signup">Create an account</Link> ·{' '}
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </AuthShell>
  );
}
