import { ACCOUNT_LIMITS } from '@preroll/contracts/limits';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { del, getData, patch, post } from '../api/api-client.ts';
import { useMe } from '../api/queries.ts';
import type { Invitation, Member, Role } from '../api/types.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { ErrorNotice, Field, FormError, Spinner } from '../components/form-controls.tsx';
import { formatDate, text } from '../lib/format.ts';

const ROLES: Role[] = ['member', 'admin', 'owner'];

export function TeamPage() {
  const me = useMe();
  const qc = useQueryClient();
  const team = useQuery({
    queryKey: ['members'],
    queryFn: () => getData<{ members: Member[]; invitations: Invitation[] }>('/members'),
  });
  const invalidate = () => qc.invalidateQueries({ queryKey: ['members'] });
  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) => patch(`/members/${userId}`, { role }),
    onSettled: invalidate,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => del(`/members/${userId}`),
    onSettled: invalidate,
  });
  const invite = useMutation({
    mutationFn: (body: { email: string; role: Role }) => post('/invitations', body),
    onSuccess: invalidate,
  });
  const myRole = me.data?.active_organization?.role ?? 'member';
  const canManage = myRole !== 'member';

  return (
    <div className="page">
      <div className="page__header">
        <h1>Team</h1>
        <p className="muted">{me.data?.active_organization?.name}</p>
      </div>
      <section className="panel" aria-labelledby="members-h">
        <h2 id="members-h">Members</h2>
        <ErrorNotice error={changeRole.error ?? remove.error} />
        {team.isPending ? (
          <Spinner />
        ) : team.isError ? (
          <ErrorNotice error={team.error} onRetry={() => void team.refetch()} />
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th>Joined</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {team.data.members.map((m) => {
                const self = m.user_id === me.data?.user.id;
                return (
                  <tr key={m.user_id}>
                    <td>
                      {m.name} {self ? <span className="muted">(you)</span> : null}
                    </td>
                    <td className="muted">{m.email}</td>
                    <td>
                      <select
                        aria-label={`Role for ${m.name}`}
                        value={m.role}
                        disabled={!canManage || changeRole.isPending}
                        onChange={(e) =>
                          changeRole.mutate({ userId: m.user_id, role: e.target.value as Role })
                        }
                      >
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="muted">{formatDate(m.joined_at)}</td>
                    <td className="table__actions">
                      {canManage && !self ? (
                        <ConfirmButton
                          label="Remove"
                          ariaLabel={`Remove ${m.name}`}
                          onConfirm={() => remove.mutate(m.user_id)}
                          disabled={remove.isPending}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="invite-h">
        <h2 id="invite-h">Invite someone</h2>
        <form
          noValidate
          className="form form--inline"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const f = new FormData(form);
            invite.mutate(
              { email: text(f.get('email')), role: text(f.get('role')) as Role },
              { onSuccess: () => form.reset() },
            );
          }}
        >
          <FormError error={invite.error} fields={['email', 'role']} />
          <Field label="Email" name="email" error={invite.error}>
            {(p) => <input {...p} type="email" maxLength={ACCOUNT_LIMITS.email} required />}
          </Field>
          <Field label="Role" name="role" error={invite.error}>
            {(p) => (
              <select {...p} defaultValue="member">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="btn btn--primary" disabled={invite.isPending}>
            Send invitation
          </button>
          {invite.isSuccess ? (
            <span className="notice notice--ok" role="status">
              Invitation sent.
            </span>
          ) : null}
        </form>
        {team.data && team.data.invitations.length > 0 ? (
          <>
            <h3>Pending invitations</h3>
            <ul className="list">
              {team.data.invitations.map((i) => (
                <li key={i.id} className="list__row">
                  <span>{i.email}</span>
                  <span className="badge badge--muted">{i.role}</span>
                  <span className="muted">expires {formatDate(i.expires_at)}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </div>
  );
}
