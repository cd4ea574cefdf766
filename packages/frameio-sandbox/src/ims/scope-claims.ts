import type { TokenRec, UserRec } from '../state/state-types.ts';

/**
 * What a token's scopes allow (docs/frameio-api-notes.md, "Scopes"). Frame.io user tokens carry
 * `additional_info.roles` (the OpenAPI document's OAuth2 scheme, the quick start's scope list);
 * server-to-server tokens `frame.s2s.all`. A token with neither is refused on /v4 (401).
 */
export function mayCallFrameio(token: TokenRec): boolean {
  return token.scope.includes('additional_info.roles') || token.scope.includes('frame.s2s.all');
}

/**
 * The identity claims a token's scopes release (OpenID Connect Core §5.4, the IMS reference's
 * "the claims depend on scopes"): `sub` always; name claims with `profile`; email claims with
 * `email`; the address with `address`.
 */
export function identityClaims(user: UserRec, scope: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { sub: user.adobe_user_id };
  if (scope.includes('profile')) {
    const [given, ...rest] = user.name.split(' ');
    out.account_type = 'ind';
    out.name = user.name;
    out.given_name = given ?? user.name;
    out.family_name = rest.join(' ');
  }
  if (scope.includes('email')) {
    out.email = user.email;
    out.email_verified = true;
  }
  if (scope.includes('address')) out.address = { country: 'US' };
  return out;
}
