import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Staff } from './staff-options.ts';

/**
 * The client's address for throttling and logs: the socket's peer, or the first X-Forwarded-For entry when the
 * app is configured to trust its reverse proxy. Requests without a socket (tests calling the app directly) use
 * the X-Forwarded-For header when present, else 'local'.
 */
export function clientAddress(c: Context, staff: Staff): string {
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined;
  }
  if (peer === undefined) return forwarded?.slice(0, 64) || 'local';
  return staff.trustProxy && forwarded ? forwarded.slice(0, 64) : peer;
}
