/**
 * The Authorization header for a source's credentials (resolved from the environment variables the
 * source names): `token` → Bearer, `username` + `password` → Basic. Shared by every adapter that talks
 * to an authenticated partner (CSAF ROLIE feeds, TAXII, MISP feeds). Adapters send it only to the
 * source's own origin; the fetcher drops it on cross-origin redirects.
 */
export function authorizationHeader(credentials: Readonly<Record<string, string>>): string | undefined {
  const { token, username, password } = credentials;
  if (token) return `Bearer ${token}`;
  if (username && password !== undefined) return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  return undefined;
}

/** {@link authorizationHeader} as a headers object (empty without credentials). */
export function authorizationHeaders(credentials: Readonly<Record<string, string>>): Record<string, string> {
  const header = authorizationHeader(credentials);
  return header === undefined ? {} : { authorization: header };
}
