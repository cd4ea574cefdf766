import { Navigate, Route, Routes } from 'react-router';
import { ComparePage } from './compare/compare-page.tsx';
import { UnsubscribePage } from './notifications/unsubscribe-page.tsx';
import { AcceptInvitePage } from './pages/accept-invite-page.tsx';
import { ClientPage } from './pages/client-page.tsx';
import { ClientsPage } from './pages/clients-page.tsx';
import { EpisodePage } from './pages/episode-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { ConfirmEmailPage, ForgotPasswordPage, ResetPasswordPage } from './pages/password-reset-pages.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { ShowPage } from './pages/show-page.tsx';
import { SignupPage } from './pages/signup-page.tsx';
import { StudioLayout } from './pages/studio-layout.tsx';
import { TeamPage } from './pages/team-page.tsx';
import { VersionReviewPage } from './pages/version-review-page.tsx';
import { PortalEpisodePage } from './portal/portal-episode-page.tsx';
import { PortalHomePage } from './portal/portal-home-page.tsx';
import { PortalLayout } from './portal/portal-layout.tsx';
import { PortalLoginPage } from './portal/portal-login-page.tsx';
import { PortalReviewPage } from './portal/portal-review-page.tsx';
import { PortalShowPage } from './portal/portal-show-page.tsx';

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
        <Route path="versions/:id" element={<PortalReviewPage />} />
        <Route path="deliverables/:id/compare" element={<ComparePage portal />} />
      </Route>
      <Route element={<StudioLayout />}>
        <Route index element={<Navigate to="/clients" replace />} />
        <Route path="/clients" element={<ClientsPage />} />
        <Route path="/clients/:id" element={<ClientPage />} />
        <Route path="/shows/:id" element={<ShowPage />} />
        <Route path="/episodes/:id" element={<EpisodePage />} />
        <Route path="/versions/:id" element={<VersionReviewPage />} />
        <Route path="/deliverables/:id/compare" element={<ComparePage />} />
        <Route path="/team" element={<TeamPage />} />
        <Route path="/settings" element={<Navigate to="/settings/profile" replace />} />
        <Route path="/settings/:tab" element={<SettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
