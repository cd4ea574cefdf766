import { useMutation } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { post } from '../api/api-client.ts';
import { ErrorNotice } from '../components/form-controls.tsx';
import { AuthShell } from '../pages/auth-shell.tsx';

/** The link at the foot of every notification email: one click, no login (the token is signed). */
export function UnsubscribePage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const stop = useMutation({
    mutationFn: () => post<{ kind: string }>('/notifications/unsubscribe', { token }),
  });
  return (
    <AuthShell title="Stop these emails">
      {stop.isSuccess ? (
        <p role="status">
          Done: preroll will not email you about these any more. The inbox still lists them.
        </p>
      ) : (
        <>
          <ErrorNotice error={stop.error} />
          <button
            type="button"
            className="btn btn--primary btn--block"
            disabled={!token || stop.isPending}
            onClick={() => stop.mutate()}
          >
            Unsubscribe
          </button>
        </>
      )}
    </AuthShell>
  );
}
