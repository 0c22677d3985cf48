/** Test support: bytes to a server over a plain TCP socket, as no well-behaved client would send them. */
import { connect, type Socket } from 'node:net';

export interface RawExchange {
  /** The status of the first response, or undefined when the server sent none. */
  status: number | undefined;
  /** Everything the server sent. */
  text: string;
  /** Milliseconds until the server closed the connection (undefined: still open at `waitMs`). */
  closedAfterMs: number | undefined;
}

/**
 * Opens a connection to `url`'s host and port, runs `talk` (which writes, pauses, writes), then
 * waits up to `waitMs` for the server to close the connection.
 *
 * @example
 * const { status } = await rawExchange(service.url, (s) => s.write('GET / HTTP/1.1\r\n\r\n'));
 */
export async function rawExchange(
  url: string,
  talk: (socket: Socket) => void | Promise<void>,
  waitMs = 3000,
): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const started = performance.now();
  let text = '';
  let closedAfterMs: number | undefined;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  socket.on('error', () => undefined); // a reset is an answer too: the text so far says what came
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closedAfterMs = performance.now() - started;
      resolve();
    }),
  );
  await talk(socket);
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, waitMs))]);
  socket.destroy();
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return { status: match ? Number(match[1]) : undefined, text, closedAfterMs };
}
