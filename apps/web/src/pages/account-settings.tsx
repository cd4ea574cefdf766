import { ACCOUNT_LIMITS } from '@preroll/contracts/limits';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { patch, post } from '../api/api-client.ts';
import { useMe } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Field, FormError } from '../components/form-controls.tsx';
import { text } from '../lib/format.ts';

/** Settings → Profile: name, email (confirmed by a link to the new address), password. */
export function AccountSettings() {
  const me = useMe();
  const qc = useQueryClient();
  const rename = useMutation({
    mutationFn: (name: string) => patch<Me>('/me', { name }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['me'] }),
  });
  const email = useMutation({
    mutationFn: (body: { email: string; current_password: string }) =>
      post<{ pending_email: string }>('/me/email', body),
  });
  const password = useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) => post('/me/password', body),
  });
  const m = me.data;
  if (!m) return null;
  return (
    <section className="panel" aria-labelledby="account-h">
      <h2 id="account-h">Account</h2>
      <form
        noValidate
        className="form"
        aria-label="Name"
        onSubmit={(e) => {
          e.preventDefault();
          rename.mutate(text(new FormData(e.currentTarget).get('name')));
        }}
      >
        <FormError error={rename.error} fields={['name']} />
        <Field label="Name" name="name" error={rename.error}>
          {(p) => <input {...p} defaultValue={m.user.name} maxLength={ACCOUNT_LIMITS.name} required />}
        </Field>
        <div className="form__actions">
          <button type="submit" className="btn btn--small" disabled={rename.isPending}>
            Save name
          </button>
          {rename.isSuccess ? <span role="status">Saved.</span> : null}
        </div>
      </form>
      <form
        noValidate
        className="form"
        aria-label="Email"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          email.mutate({ email: text(f.get('email')), current_password: text(f.get('current_password')) });
        }}
      >
        <FormError error={email.error} fields={['email', 'current_password']} />
        <Field label="Email" name="email" error={email.error} hint={`Now ${m.user.email}.`}>
          {(p) => <input {...p} type="email" maxLength={ACCOUNT_LIMITS.email} required />}
        </Field>
        <Field label="Current password" name="current_password" error={email.error}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              maxLength={ACCOUNT_LIMITS.password}
            />
          )}
        </Field>
        <div className="form__actions">
          <button type="submit" className="btn btn--small" disabled={email.isPending}>
            Change email
          </button>
          {email.isSuccess ? (
            <span role="status">Follow the link we sent to {email.data.pending_email} to finish.</span>
          ) : null}
        </div>
      </form>
      <form
        noValidate
        className="form"
        aria-label="Password"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          password.mutate({
            current_password: text(f.get('current_password')),
            new_password: text(f.get('new_password')),
          });
        }}
      >
        <FormError error={password.error} fields={['current_password', 'new_password']} />
        <Field label="Current password" name="current_password" error={password.error}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="current-password"
              maxLength={ACCOUNT_LIMITS.password}
            />
          )}
        </Field>
        <Field label="New password" name="new_password" error={password.error} hint="At least 10 characters.">
          {(p) => (
            <input {...p} type="password" autoComplete="new-password" maxLength={ACCOUNT_LIMITS.password} />
          )}
        </Field>
        <div className="form__actions">
          <button type="submit" className="btn btn--small" disabled={password.isPending}>
            Change password
          </button>
          {password.isSuccess ? (
            <span role="status">Changed. Your other sessions were logged out.</span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
