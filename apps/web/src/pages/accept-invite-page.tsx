import { ACCOUNT_LIMITS } from '@preroll/contracts/limits';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, post } from '../api/api-client.ts';
import { useMe } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Field, FormError } from '../components/form-controls.tsx';
import { NewPasswordField } from '../components/new-password-field.tsx';
import { text } from '../lib/format.ts';
import { AuthShell } from './auth-shell.tsx';

/**
 * The link from an invitation mail. New people choose a name and password; someone who already
 * has an account must be logged in as the invited address (the server refuses otherwise, so a
 * forwarded link cannot join a stranger's account), and then just accepts.
 */
export function AcceptInvitePage() {
  const { token = '' } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  const signedIn = me.data?.user;
  const loginFirst = `/login?next=${encodeURIComponent(`/invite/${token}`)}`;
  const accept = useMutation({
    mutationFn: (body: Record<string, string>) => post<Me>('/invitations/accept', body),
    onSuccess: (me) => {
      qc.clear();
      qc.setQueryData(['me'], me);
      navigate('/clients');
    },
  });
  return (
    <AuthShell title="Join your team">
      <form
        noValidate
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const body: Record<string, string> = { token };
          const name = text(f.get('name')).trim();
          const password = text(f.get('password'));
          if (name) body.name = name;
          if (password) body.password = password;
          accept.mutate(body);
        }}
      >
        <FormError error={accept.error} fields={['name', 'password']} />
        {accept.error instanceof ApiError && accept.error.code === 'login_required' ? (
          <p>
            <Link to={loginFirst}>Log in</Link>, then open this page again to join.
          </p>
        ) : null}
        {signedIn ? (
          <p className="muted">
            You are logged in as {signedIn.email}. Accept to join the organization with this account.
          </p>
        ) : (
          <>
            <p className="muted">
              New to preroll? Choose your name and a password. Already have an account?{' '}
              <Link to={loginFirst}>Log in first</Link>.
            </p>
            <Field label="Your name" name="name" error={accept.error}>
              {(p) => <input {...p} autoComplete="name" maxLength={ACCOUNT_LIMITS.name} required />}
            </Field>
            <NewPasswordField error={accept.error} />
          </>
        )}
        <button type="submit" className="btn btn--primary btn--block" disabled={accept.isPending}>
          Accept invitation
        </button>
      </form>
    </AuthShell>
  );
}
