import { ACCOUNT_LIMITS } from '@preroll/contracts/limits';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { post } from '../api/api-client.ts';
import { ErrorNotice, Field, FormError, Spinner } from '../components/form-controls.tsx';
import { text } from '../lib/format.ts';
import { AuthShell } from '../pages/auth-shell.tsx';

/**
 * The magic link lands here: exchange the single-use token for a portal session once (a ref
 * guards against StrictMode's double effect spending the token twice), then drop it from the URL.
 */
export function PortalLoginPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const qc = useQueryClient();
  const started = useRef(false);
  const login = useMutation({
    mutationFn: () => post('/portal/login', { token }),
    onSuccess: () => {
      qc.clear();
      navigate('/portal', { replace: true });
    },
  });
  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    login.mutate();
  }, [token, login]);
  return (
    <AuthShell title="Client review">
      {!token ? (
        <>
          <p className="muted">Open the login link from your email to review your deliverables.</p>
          <RequestLinkForm />
        </>
      ) : login.isError ? (
        <>
          <ErrorNotice error={login.error} />
          <p className="muted">Links work once and expire after 15 minutes. Ask for a new one:</p>
          <RequestLinkForm />
        </>
      ) : (
        <Spinner label="Signing you in" />
      )}
    </AuthShell>
  );
}

/** A client asks for a fresh link; the answer is the same whether or not the email is known. */
function RequestLinkForm() {
  const ask = useMutation({
    mutationFn: (email: string) => post<{ message: string }>('/portal/magic-link', { email }),
  });
  if (ask.isSuccess) return <p role="status">{ask.data.message}</p>;
  return (
    <form
      noValidate
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        ask.mutate(text(new FormData(e.currentTarget).get('email')));
      }}
    >
      <FormError error={ask.error} fields={['email']} />
      <Field label="Your email" name="email" error={ask.error}>
        {(p) => <input {...p} type="email" autoComplete="email" maxLength={ACCOUNT_LIMITS.email} required />}
      </Field>
      <button type="submit" className="btn btn--primary btn--block" disabled={ask.isPending}>
        Email me a sign-in link
      </button>
    </form>
  );
}
