import type { OAuthClientRec, UserRec } from '../state/state-types.ts';
import { escapeHtml } from '../ui/html.ts';

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f4f6;margin:0;padding:40px}
main{max-width:460px;margin:auto;background:#fff;border-radius:8px;padding:28px;box-shadow:0 1px 4px #0002}
h1{font-size:20px;margin-top:0}button{display:block;width:100%;padding:10px;margin:8px 0;font-size:15px;border-radius:6px;border:1px solid #bbb;background:#fff;cursor:pointer}
button.primary{background:#1473e6;color:#fff;border-color:#1473e6}.muted{color:#666;font-size:13px}code{background:#eee;padding:1px 4px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** The sandbox's stand-in for the Adobe sign-in + consent screens: pick a sandbox user, or deny. */
export function consentPage(
  requestId: string,
  client: OAuthClientRec,
  users: UserRec[],
  scopes: string[],
  action: string,
): string {
  const buttons = users
    .map(
      (u) =>
        `<button type="submit" class="primary" name="user_id" value="${escapeHtml(u.id)}">Continue as ${escapeHtml(u.name)} (${escapeHtml(u.email)})</button>`,
    )
    .join('');
  return page(
    'Sign in – Frame.io sandbox',
    `<h1>Sign in to Frame.io (sandbox)</h1>
<p><strong>${escapeHtml(client.name)}</strong> wants to access your Frame.io account.</p>
<p class="muted">Requested scopes: ${scopes.map((s) => `<code>${escapeHtml(s)}</code>`).join(' ') || 'none'}</p>
<form method="post" action="${escapeHtml(action)}" aria-label="Consent">
<input type="hidden" name="request_id" value="${escapeHtml(requestId)}">
${buttons}
<button type="submit" name="decision" value="deny">Deny</button>
</form>
<p class="muted">This is the local sandbox, not Adobe IMS. No password is needed.</p>`,
  );
}

/**
 * Client and redirect problems get an error page, never a redirect (RFC 6749 §4.1.2.1; what IMS
 * shows is UNCONFIRMED, frameio-api-notes.md, "IMS authorize").
 */
export function errorPage(error: string, description: string): string {
  return page(
    'Error – Frame.io sandbox',
    `<h1>Something went wrong</h1><p role="alert"><strong>${escapeHtml(error)}</strong></p><p>${escapeHtml(description)}</p>`,
  );
}
