import { createHash, randomBytes } from 'node:crypto';

const decodeEntities = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * Submits the consent page's form the way a browser does when a button is clicked: the form's
 * hidden inputs plus the clicked button's name=value, form-urlencoded, to the form's action
 * (resolved against the page URL). Returns the (unfollowed) response.
 */
export async function clickConsentButton(
  pageUrl: string,
  html: string,
  buttonText: RegExp,
): Promise<Response> {
  const form = /<form[^>]*method="post"[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error('no form on the consent page');
  const action = new URL(decodeEntities(form[1]!), pageUrl);
  const fields = new URLSearchParams();
  for (const m of form[2]!.matchAll(
    /<input[^>]*type="hidden"[^>]*name="([^"]*)"[^>]*value="([^"]*)"[^>]*>/g,
  )) {
    fields.append(decodeEntities(m[1]!), decodeEntities(m[2]!));
  }
  const button = [
    ...form[2]!.matchAll(/<button[^>]*name="([^"]*)"[^>]*value="([^"]*)"[^>]*>([\s\S]*?)<\/button>/g),
  ].find((b) => buttonText.test(decodeEntities(b[3]!)));
  if (!button) throw new Error(`no button matching ${buttonText}`);
  fields.append(decodeEntities(button[1]!), decodeEntities(button[2]!));
  return fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
