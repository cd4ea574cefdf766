import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { post } from '../api/api-client.ts';
import { ErrorNotice, Spinner } from '../components/form-controls.tsx';
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
        <p className="muted">Open the login link from your email to review your deliverables.</p>
      ) : login.isError ? (
        <>
          <ErrorNotice error={login.error} />
          <p className="muted">
            Links work once and expire after 15 minutes. Ask your producer for a new one.
          </p>
        </>
      ) : (
        <Spinner label="Signing you in" />
      )}
    </AuthShell>
  );
}
