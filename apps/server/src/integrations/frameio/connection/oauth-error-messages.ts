/**
 * Turns an IMS / callback error into a message an admin can act on (the Frame.io connection's
 * troubleshooting). IMS's error set beyond RFC 6749 is UNCONFIRMED (docs/frameio-api-notes.md, "IMS authorize", "IMS tokens and refresh"), so unknown
 * codes fall through to a generic message that still carries IMS's own description.
 */
export function oauthErrorMessage(
  code: string,
  description: string | undefined,
  redirectUri: string,
): string {
  const said = description ? ` Adobe said: "${description.slice(0, 300)}".` : '';
  const redirectHint = `The redirect URI must be registered exactly, including scheme, port and any trailing slash: ${redirectUri}`;
  if (/redirect/i.test(code) || /redirect/i.test(description ?? '')) {
    return `Adobe IMS rejected the redirect URI.${said} ${redirectHint} (Adobe Developer Console → your project → OAuth Web App credential → Redirect URI pattern).`;
  }
  switch (code) {
    case 'access_denied':
      return 'Access to Frame.io was denied on the Adobe consent screen, so nothing was connected. Click Connect again and allow access.';
    case 'invalid_grant':
      return `Adobe IMS rejected the sign-in code (expired, already used, or issued for another redirect URI).${said} Click Connect again. ${redirectHint}`;
    case 'invalid_client':
    case 'unauthorized_client':
      return `Adobe IMS rejected preroll's client credentials.${said} Check FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET against the OAuth Web App credential in the Adobe Developer Console.`;
    case 'invalid_scope':
      return `Adobe IMS refused the requested scopes.${said} Check FRAMEIO_SCOPES (default: openid profile offline_access additional_info.roles email).`;
    case 'login_required':
    case 'consent_required':
    case 'interaction_required':
      return `Adobe needs you to sign in and consent first.${said} Click Connect again.`;
    case 'network_error':
      return `Adobe IMS could not be reached.${said} Check the server's network access to Adobe IMS and try again.`;
    case 'invalid_state':
      return 'This sign-in response is not one preroll started (unknown state). Click Connect again.';
    case 'state_mismatch':
      return 'This sign-in was started in another browser, or its cookie expired. Click Connect again from this browser.';
    case 'state_reused':
      return 'This sign-in response was already used. Click Connect again.';
    case 'state_expired':
      return 'The sign-in took longer than 10 minutes and expired. Click Connect again.';
    case 'forbidden':
      return 'Only admins and owners of the organization can connect Frame.io.';
    case 'frameio_unreachable':
      return `Adobe signed you in, but Frame.io did not answer for this user.${said} Try again; if it persists, check that the Adobe user has a Frame.io V4 account.`;
    default:
      return `Adobe IMS returned an error (${code}).${said} Click Connect again; if it persists, check the credential in the Adobe Developer Console. ${redirectHint}`;
  }
}

/** Codes we put in a URL: RFC 6749 codes are already this shape; anything else is normalised. */
export function safeErrorCode(code: string): string {
  const cleaned = code
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 60);
  return cleaned || 'unknown_error';
}
