/**
 * Test support: a PostgreSQL server of our own (initdb in a temp dir, a free port on
 * 127.0.0.1) that a fault test may stop and start at will without disturbing the shared one.
 * The server binaries come from PG_BIN or the newest /usr/lib/postgresql/<n>/bin. PostgreSQL
 * refuses to run as root, so as root every command runs as the `postgres` OS user.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** Fast shutdown (sessions terminated, as `pg_ctl stop` does by default); resolves once it is down. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGSTOP to every process of the server (a frozen host, a stalled disk): connections stay open, nothing answers. */
  freeze(): void;
  /** SIGCONT: the frozen server carries on where it stopped. */
  thaw(): void;
  /** Stops it (SIGKILL to its process group if needed) and removes the data directory. */
  destroy(): Promise<void>;
}

function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest || !existsSync(join(root, newest, 'bin', 'initdb'))) {
    throw new Error(
      `No PostgreSQL server binaries under ${root}/<version>/bin: install postgresql (Debian) or set PG_BIN to the folder holding initdb and postgres`,
    );
  }
  return join(root, newest, 'bin');
}

/** As root, run as the `postgres` OS user (PostgreSQL refuses root). */
function command(bin: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntil(what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await ok())) {
    if (performance.now() > deadline) throw new Error(`private PostgreSQL: ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function accepts(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 1, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

/**
 * `settings` are server settings given at every start (`{ track_commit_timestamp: 'on' }`).
 * @example
 * const pg = await startPrivatePostgres();
 * await pg.stop(); await pg.start();
 * await pg.destroy();
 */
export async function startPrivatePostgres(settings: Record<string, string> = {}): Promise<PrivatePostgres> {
  const bin = binDir();
  const dataDir = mkdtempSync(join(tmpdir(), 'journeys-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dataDir, uid, gid);
  }
  const [initdb, initArgs] = command(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  try {
    execFileSync(initdb, initArgs, { stdio: 'pipe', cwd: tmpdir() });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`private PostgreSQL: initdb failed: ${stderr.trim()}`);
  }
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    const [postgresBin, args] = command(join(bin, 'postgres'), [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-k',
      dataDir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off', // the machine does not crash in these tests; processes do
      '-c',
      'max_connections=100',
      ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ]);
    // Its own process group, so destroy() can take runuser and postgres with one signal.
    child = spawn(postgresBin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
    child.stdout?.on('data', (chunk) => {
      output = (output + chunk).slice(-4000);
    });
    child.stderr?.on('data', (chunk) => {
      output = (output + chunk).slice(-4000);
    });
    const exited = child;
    await waitUntil(
      'not accepting connections',
      async () => {
        if (exited.exitCode !== null) throw new Error(`private PostgreSQL exited at start: ${output}`);
        return accepts(url);
      },
      20_000,
    );
  };

  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exit = new Promise((resolve) => running.once('exit', resolve));
    const [pgCtl, args] = command(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w']);
    try {
      execFileSync(pgCtl, args, { stdio: 'pipe', cwd: tmpdir() });
    } catch {
      if (running.pid) process.kill(-running.pid, 'SIGKILL');
    }
    await exit;
  };

  // The postmaster (its PID heads postmaster.pid) and its children, the backends: the
  // postmaster puts itself in a process group of its own, so the group we started is not enough.
  const signalAll = (signal: NodeJS.Signals) => {
    if (!child?.pid || child.exitCode !== null) throw new Error('private PostgreSQL is not running');
    const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          // /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces, so split after ')'.
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
        } catch {
          return false; // exited meanwhile
        }
      })
      .map(Number);
    for (const pid of [postmaster, ...children]) {
      try {
        process.kill(pid, signal);
      } catch {}
    }
    // runuser (as root) stops itself when its child stops, as su does: wake it too, or it never
    // sees the server exit.
    if (signal === 'SIGCONT') process.kill(-child.pid, 'SIGCONT');
  };

  await start();
  return {
    url,
    port,
    stop,
    start,
    freeze: () => signalAll('SIGSTOP'),
    thaw: () => signalAll('SIGCONT'),
    destroy: async () => {
      try {
        if (child?.pid && child.exitCode === null) signalAll('SIGCONT'); // a frozen server cannot stop
        await stop();
      } finally {
        if (child?.pid && child.exitCode === null && child.signalCode === null) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {}
        }
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
