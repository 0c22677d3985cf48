/**
 * A target that misbehaves on purpose, for the runner's fault suite: `silent` accepts and
 * never answers, `closing` closes every connection at once, `not-http` answers as an SSH
 * server would, `ok` answers 200 to everything (to be killed mid-run). Prints its port.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';

const mode = process.argv[2] ?? 'ok';
const ready = (port: number) => console.log(`port ${port}`);
if (mode === 'ok') {
  const server = createHttpServer((request, response) => {
    request.resume();
    response.end('{"ok":true}');
  }).listen(0, '127.0.0.1', () => ready((server.address() as { port: number }).port));
} else {
  const server = createServer((socket) => {
    if (mode === 'closing') socket.destroy();
    else if (mode === 'not-http') socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
    else socket.on('data', () => {}); // silent
  }).listen(0, '127.0.0.1', () => ready((server.address() as { port: number }).port));
}
// Never outlive the suite.
setTimeout(() => process.exit(0), 120_000).unref();
