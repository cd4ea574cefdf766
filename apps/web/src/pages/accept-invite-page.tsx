import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { post } from '../api/api-client.ts';
import type { Me } from '../api/types.ts';
import { Field, FormError } from '../components/form-controls.tsx';
import { text } from '../lib/format.ts';
import { AuthShell } from './auth-shell.tsx';

/** The link from an invitation mail: new users choose a name and password, existing ones just join. */
export function AcceptInvitePage() {
  const { token = '' } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
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
        <p className="muted">
          New to preroll? Choose your name and a password. Already have an account? Leave them empty.
        </p>
        <Field label="Your name" name="name" error={accept.error}>
          {(p) => <input {...p} autoComplete="name" />}
        </Field>
        <Field label="Password" name="password" error={accept.error} hint="At least 10 characters.">
          {(p) => <input {...p} type="password" autoComplete="new-password" />}
        </Field>
        <button type="submit" className="btn btn--primary btn--block" disabled={accept.isPending}>
          Accept invitation
        </button>
      </form>
    </AuthShell>
  );
}
