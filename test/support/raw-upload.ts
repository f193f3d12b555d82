// A client that sends a large request body the way a hostile one would, over a plain socket: the body comes from
// one reused chunk (nothing large is held in memory), with or without Content-Length (chunked), and stops as soon
// as the server answers or closes. It reports how many body bytes the server had let through by then.
import { connect } from 'node:net';

export interface RawAnswer {
  /** Status of the response, 0 when the server closed without answering. */
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Body bytes written to the socket before the answer came (or the socket closed). */
  readonly sentBeforeAnswer: number;
  /** Body bytes written in all. */
  readonly sent: number;
  /** True when the server ended or reset the connection (rather than this client giving up on it). */
  readonly closedByServer: boolean;
}

export interface RawUpload {
  readonly url: string;
  readonly method?: string;
  readonly headers: Record<string, string>;
  /** The body's length; sent in `chunk`-sized pieces. */
  readonly bytes: number;
  /** Sent with Transfer-Encoding: chunked instead of Content-Length. */
  readonly chunked: boolean;
  /** The first bytes of the body (e.g. multipart headers); the rest is filled with `fill`. */
  readonly prefix?: string;
  readonly fill?: string;
  /** Go on sending after the answer, as a client that does not read it would, until the server closes. */
  readonly keepSending?: boolean;
}

const CHUNK = 64 * 1024;

/** Sends the request; resolves when the response has been read and the socket closed (or went quiet). */
export function sendRawUpload(upload: RawUpload): Promise<RawAnswer> {
  const url = new URL(upload.url);
  const head = [
    `${upload.method ?? 'POST'} ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    ...Object.entries(upload.headers).map(([k, v]) => `${k}: ${v}`),
    upload.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${upload.bytes}`,
    '',
    '',
  ].join('\r\n');
  const prefix = Buffer.from(upload.prefix ?? '');
  const filler = Buffer.alloc(CHUNK, upload.fill ?? 'a');
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let received = Buffer.alloc(0);
    let sent = 0;
    let sentBeforeAnswer = -1;
    let closedByServer = false;
    let bodySent = false;
    let closing = false;
    const closeSoon = () => {
      if (closing) return;
      closing = true;
      setTimeout(() => {
        if (!socket.destroyed) socket.destroy();
        settle();
      }, 1_000).unref();
    };
    let done = false;
    const settle = () => {
      if (done) return;
      done = true;
      const text = received.toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const headLines = (split < 0 ? text : text.slice(0, split)).split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headLines[0] ?? '')?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of headLines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const body = split < 0 ? '' : Buffer.from(text.slice(split + 4), 'latin1').toString('utf8');
      resolve({
        status,
        headers,
        body,
        sentBeforeAnswer: sentBeforeAnswer < 0 ? sent : sentBeforeAnswer,
        sent,
        closedByServer,
      });
    };
    socket.on('data', (data) => {
      if (sentBeforeAnswer < 0) sentBeforeAnswer = sent;
      received = Buffer.concat([received, data]);
    });
    socket.on('end', () => {
      closedByServer = true;
    });
    socket.on('error', () => {
      closedByServer = true;
    });
    socket.on('close', settle);
    const piece = (data: Buffer) =>
      upload.chunked
        ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')])
        : data;
    const pump = () => {
      while (!socket.destroyed && (upload.keepSending || sentBeforeAnswer < 0) && sent < upload.bytes) {
        const size = Math.min(CHUNK, upload.bytes - sent);
        const data = sent === 0 && prefix.length > 0 ? prefix.subarray(0, size) : filler.subarray(0, size);
        sent += data.length;
        if (!socket.write(piece(data))) {
          socket.once('drain', pump);
          return;
        }
      }
      if (socket.destroyed || (!upload.keepSending && sentBeforeAnswer >= 0)) return;
      bodySent = true;
      if (upload.chunked) socket.write('0\r\n\r\n');
      // A server that read everything answers and keeps the connection open: close it once the answer is in.
      if (sentBeforeAnswer >= 0) closeSoon();
    };
    socket.once('connect', () => {
      socket.write(head);
      pump();
    });
    // Once answered, stop sending; the server closes (or we do after the response has had time to arrive).
    socket.on('data', () => {
      if (!upload.keepSending || bodySent) closeSoon();
    });
  });
}
