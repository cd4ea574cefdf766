import { lazy, type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { UnsubscribePage } from './notifications/unsubscribe-page.tsx';
import { AcceptInvitePage } from './pages/accept-invite-page.tsx';
import { ClientPage } from './pages/client-page.tsx';
import { ClientsPage } from './pages/clients-page.tsx';
import { EpisodePage } from './pages/episode-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { ConfirmEmailPage, ForgotPasswordPage, ResetPasswordPage } from './pages/password-reset-pages.tsx';
import { ShowPage } from './pages/show-page.tsx';
import { SignupPage } from './pages/signup-page.tsx';
import { StudioLayout } from './pages/studio-layout.tsx';
import { TeamPage } from './pages/team-page.tsx';
import { PortalEpisodePage } from './portal/portal-episode-page.tsx';
import { PortalHomePage } from './portal/portal-home-page.tsx';
import { PortalLayout } from './portal/portal-layout.tsx';
import { PortalLoginPage } from './portal/portal-login-page.tsx';
import { PortalShowPage } from './portal/portal-show-page.tsx';

/*
 * The player, the compare view and Settings are the heavy pages (timeline, drawings, carry-forward,
 * integrations): they load as their own chunks the first time one is opened, so the lists a
 * coordinator starts the day on do not wait for them.
 */
const VersionReviewPage = lazy(() =>
  import('./pages/version-review-page.tsx').then((m) => ({ default: m.VersionReviewPage })),
);
const PortalReviewPage = lazy(() =>
  import('./portal/portal-review-page.tsx').then((m) => ({ default: m.PortalReviewPage })),
);
const ComparePage = lazy(() =>
  import('./compare/compare-page.tsx').then((m) => ({ default: m.ComparePage })),
);
const SettingsPage = lazy(() =>
  import('./pages/settings-page.tsx').then((m) => ({ default: m.SettingsPage })),
);

function Loading({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p className="muted">Loading…</p>}>{children}</Suspense>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/signup" element={<SignupPage />} />
      <Route path="/invite/:token" element={<AcceptInvitePage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/confirm-email" element={<ConfirmEmailPage />} />
      <Route path="/unsubscribe" element={<UnsubscribePage />} />
      <Route path="/portal/login" element={<PortalLoginPage />} />
      <Route path="/portal" element={<PortalLayout />}>
        <Route index element={<PortalHomePage />} />
        <Route path="shows/:id" element={<PortalShowPage />} />
        <Route path="episodes/:id" element={<PortalEpisodePage />} />
        <Route
          path="versions/:id"
          element={
            <Loading>
              <PortalReviewPage />
            </Loading>
          }
        />
        <Route
          path="deliverables/:id/compare"
          element={
            <Loading>
              <ComparePage portal />
            </Loading>
          }
        />
      </Route>
      <Route element={<StudioLayout />}>
        <Route index element={<Navigate to="/clients" replace />} />
        <Route path="/clients" element={<ClientsPage />} />
        <Route path="/clients/:id" element={<ClientPage />} />
        <Route path="/shows/:id" element={<ShowPage />} />
        <Route path="/episodes/:id" element={<EpisodePage />} />
        <Route
          path="/versions/:id"
          element={
            <Loading>
              <VersionReviewPage />
            </Loading>
          }
        />
        <Route
          path="/deliverables/:id/compare"
          element={
            <Loading>
              <ComparePage />
            </Loading>
          }
        />
        <Route path="/team" element={<TeamPage />} />
        <Route path="/settings" element={<Navigate to="/settings/profile" replace />} />
        <Route
          path="/settings/:tab"
          element={
            <Loading>
              <SettingsPage />
            </Loading>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
