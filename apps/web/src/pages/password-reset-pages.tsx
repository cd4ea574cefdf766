import { ACCOUNT_LIMITS } from '@preroll/contracts/limits';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { post } from '../api/api-client.ts';
import type { Me } from '../api/types.ts';
import { ErrorNotice, Field, FormError } from '../components/form-controls.tsx';
import { NewPasswordField } from '../components/new-password-field.tsx';
import { text } from '../lib/format.ts';
import { AuthShell } from './auth-shell.tsx';

/** "Forgot your password?": the answer is the same whether or not the email has an account. */
export function ForgotPasswordPage() {
  const ask = useMutation({
    mutationFn: (email: string) => post<{ message: string }>('/auth/password-reset', { email }),
  });
  return (
    <AuthShell title="Reset your password">
      {ask.isSuccess ? (
        <p role="status">{ask.data.message} It works for one hour.</p>
      ) : (
        <form
          noValidate
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            ask.mutate(text(new FormData(e.currentTarget).get('email')));
          }}
        >
          <FormError error={ask.error} fields={['email']} />
          <Field label="Email" name="email" error={ask.error}>
            {(p) => (
              <input {...p} type="email" autoComplete="email" maxLength={ACCOUNT_LIMITS.email} required />
            )}
          </Field>
          <button type="submit" className="btn btn--primary btn--block" disabled={ask.isPending}>
            Email me a link
          </button>
        </form>
      )}
      <p className="muted auth__alt">
        <Link to="/login">Back to log in</Link>
      </p>
    </AuthShell>
  );
}

/** The link from the reset email: a new password, then straight into the app. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const qc = useQueryClient();
  const navigate = useNavigate();
  const reset = useMutation({
    mutationFn: (password: string) => post<Me>('/auth/password-reset/confirm', { token, password }),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(['me'], me);
      navigate('/clients', { replace: true });
    },
  });
  return (
    <AuthShell title="Choose a new password">
      <form
        noValidate
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          reset.mutate(text(new FormData(e.currentTarget).get('password')));
        }}
      >
        <FormError error={reset.error} fields={['password']} />
        <NewPasswordField label="New password" error={reset.error} />
        <button type="submit" className="btn btn--primary btn--block" disabled={reset.isPending || !token}>
          Set password and log in
        </button>
      </form>
      <p className="muted auth__alt">
        Other browsers logged into this account are logged out.{' '}
        <Link to="/forgot-password">Ask for a new link</Link>
      </p>
    </AuthShell>
  );
}

/** The link mailed to a new email address: following it makes the change. */
export function ConfirmEmailPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [started, setStarted] = useState(false);
  const confirm = useMutation({
    mutationFn: () => post<{ email: string }>('/auth/email-change/confirm', { token }),
  });
  return (
    <AuthShell title="Confirm your new email">
      {confirm.isSuccess ? (
        <p role="status">
          Your account now uses {confirm.data.email}. <Link to="/login">Log in</Link>
        </p>
      ) : (
        <>
          <ErrorNotice error={confirm.error} />
          <button
            type="button"
            className="btn btn--primary btn--block"
            disabled={!token || started}
            onClick={() => {
              setStarted(true);
              confirm.mutate(undefined, { onError: () => setStarted(false) });
            }}
          >
            Use this address
          </button>
        </>
      )}
    </AuthShell>
  );
}
