// What the reverse proxies in front of the app say about a request: the client's address (X-Forwarded-For), the
// scheme and host the browser used (X-Forwarded-Proto / X-Forwarded-Host). Believed only from as many proxies as
// SHINCHOKU_TRUSTED_PROXIES names; with 0 the socket and the request URL are the truth.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** How many reverse proxies stand in front of the app (SHINCHOKU_TRUSTED_PROXIES, see staff-options.ts). */
export interface TrustedProxies {
  readonly trustedProxies: number;
}

const listOf = (header: string | undefined): string[] =>
  (header ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

function socketPeer(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

/**
 * The client's address for throttling and logs. Each trusted proxy appends the address it received the request
 * from (nginx `$proxy_add_x_forwarded_for`), so with n trusted hops the client is the n-th X-Forwarded-For entry
 * from the right (the socket's peer being the nearest proxy); entries further left are the client's own words and
 * never used. With fewer entries than hops the leftmost one stands (a proxy that does not append).
 * Requests without a socket (tests calling the app directly) take the rightmost X-Forwarded-For entry as the peer.
 */
export function clientAddress(c: Context, { trustedProxies }: TrustedProxies): string {
  const forwarded = listOf(c.req.header('x-forwarded-for'));
  const peer = socketPeer(c);
  const chain = peer === undefined ? forwarded : [...forwarded, peer];
  if (chain.length === 0) return 'local';
  const index = Math.max(0, chain.length - 1 - trustedProxies);
  return (chain[index] ?? 'local').slice(0, 64);
}

// A host as a browser puts it into Origin: a name or IPv4 address, or a bracketed IPv6 address, and a port.
const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** The scheme the browser used: the trusted proxy's X-Forwarded-Proto (its first entry) or the request URL's. */
export function requestScheme(c: Context, { trustedProxies }: TrustedProxies): 'http' | 'https' {
  const own = new URL(c.req.url).protocol === 'https:' ? 'https' : 'http';
  if (trustedProxies < 1) return own;
  const sent = listOf(c.req.header('x-forwarded-proto'))[0]?.toLowerCase();
  return sent === 'https' || sent === 'http' ? sent : own;
}

/**
 * The origin the browser addressed (`https://host`), compared with its Origin header by the CSRF check. Behind
 * trusted proxies the app itself is reached as http://internal-host, so the forwarded scheme and host are used.
 */
export function requestOrigin(c: Context, { trustedProxies }: TrustedProxies): string {
  const url = new URL(c.req.url);
  if (trustedProxies < 1) return url.origin;
  const sentHost = listOf(c.req.header('x-forwarded-host'))[0];
  const host = sentHost !== undefined && HOST.test(sentHost) ? sentHost.toLowerCase() : url.host;
  const scheme = requestScheme(c, { trustedProxies });
  // Origin leaves out the scheme's default port.
  const bare = host.replace(scheme === 'https' ? /:443$/ : /:80$/, '');
  return `${scheme}://${bare}`;
}
