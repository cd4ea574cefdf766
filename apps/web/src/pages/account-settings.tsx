import { ACCOUNT_LIMITS } from '@preroll/contracts/limits';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { patch, post } from '../api/api-client.ts';
import { useMe } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { SettingsForm } from '../components/settings-form.tsx';

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
  const currentPassword = {
    name: 'current_password',
    label: 'Current password',
    type: 'password',
    autoComplete: 'current-password',
    maxLength: ACCOUNT_LIMITS.password,
  } as const;
  return (
    <section className="panel" aria-labelledby="account-h">
      <h2 id="account-h">Account</h2>
      <SettingsForm
        label="Name"
        fields={[{ name: 'name', label: 'Name', maxLength: ACCOUNT_LIMITS.name, defaultValue: m.user.name }]}
        submitLabel="Save name"
        pending={rename.isPending}
        error={rename.error}
        done={rename.isSuccess ? 'Saved.' : null}
        onSubmit={(v) => rename.mutate(v.name ?? '')}
      />
      <SettingsForm
        label="Email"
        fields={[
          {
            name: 'email',
            label: 'Email',
            type: 'email',
            maxLength: ACCOUNT_LIMITS.email,
            hint: `Now ${m.user.email}.`,
          },
          currentPassword,
        ]}
        submitLabel="Change email"
        pending={email.isPending}
        error={email.error}
        done={email.isSuccess ? `Follow the link we sent to ${email.data.pending_email} to finish.` : null}
        onSubmit={(v) => email.mutate({ email: v.email ?? '', current_password: v.current_password ?? '' })}
      />
      <SettingsForm
        label="Password"
        fields={[
          currentPassword,
          {
            name: 'new_password',
            label: 'New password',
            type: 'password',
            autoComplete: 'new-password',
            maxLength: ACCOUNT_LIMITS.password,
            hint: 'At least 10 characters.',
          },
        ]}
        submitLabel="Change password"
        pending={password.isPending}
        error={password.error}
        done={password.isSuccess ? 'Changed. Your other sessions were logged out.' : null}
        onSubmit={(v) =>
          password.mutate({ current_password: v.current_password ?? '', new_password: v.new_password ?? '' })
        }
      />
    </section>
  );
}
