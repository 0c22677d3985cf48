/**
 * Node's TypeScript parser costs ~45 ms of CPU at its first use in a run, and a run uses it
 * for the user's `.ts` modules, which rarely change between runs. What it made is kept here
 * across runs, by a digest of the source and of Node's version, so a run whose modules did
 * not change never loads the parser.
 *
 * The folder is the user's own (`journeys-stripped-<uid>` in the OS temp folder, 0700, checked
 * to be ours before it is read: whatever is in it runs as the user's code). Each entry carries
 * a digest of its text and is written to a temporary file and renamed, so a torn or corrupt
 * entry is a miss, never a wrong module; a folder that cannot be made, read or written is a
 * miss too — the run strips as it always did. An entry no run has used for a week is removed
 * by the next run that writes one.
 */
import { createHash } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

const UNUSED_FOR_MS = 7 * 24 * 60 * 60 * 1000;
const ENTRY = /^[0-9a-f]{64}\.js$|\.tmp$/;

let defaultFolder: string | null | undefined;
const prunedFolders = new Set<string>();

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * `path`, made if need be, where it is a folder only this user can write to; otherwise `null`
 * (another user's folder made first under a shared temp folder, a link, a folder others may write to).
 * @example privateFolder(join(tmpdir(), 'journeys-stripped-1000')) // the path, or null
 */
export function privateFolder(path: string): string | null {
  const uid = process.getuid?.();
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    const stat = lstatSync(path);
    const ours = stat.isDirectory() && (uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0));
    return ours ? path : null;
  } catch {
    return null;
  }
}

function userFolder(): string | null {
  if (defaultFolder === undefined)
    defaultFolder = privateFolder(join(tmpdir(), `journeys-stripped-${process.getuid?.() ?? 'user'}`));
  return defaultFolder;
}

/**
 * The JavaScript `strip` makes of `source`, from the cache when an earlier run kept it;
 * otherwise `strip`'s own result, kept for the next run. Cache failures are misses; `folder`
 * `null` is no cache.
 * @example const js = strippedFromCache(source, (ts) => stripTypeScriptTypes(ts, { mode: 'strip' }));
 */
export function strippedFromCache(
  source: string,
  strip: (source: string) => string,
  folder: string | null = userFolder(),
): string {
  if (folder === null) return strip(source);
  const key = digest(`${process.version}\0strip\0${source}`);
  const file = join(folder, `${key}.js`);
  const cached = readEntry(file);
  if (cached !== undefined) return cached;
  const stripped = strip(source);
  writeEntry(folder, file, stripped);
  return stripped;
}

/** An entry's text when it is whole (its first line is the digest of the rest), and marks it used. */
function readEntry(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  const body = text.slice(newline + 1);
  if (newline !== 64 || text.slice(0, 64) !== digest(body)) return undefined;
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // not marked: at worst removed after a week and made again
  }
  return body;
}

function writeEntry(dir: string, file: string, stripped: string): void {
  const temporary = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    writeFileSync(temporary, `${digest(stripped)}\n${stripped}`, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
    return;
  }
  pruneUnused(dir);
}

/** Removes entries (and a crashed writer's temporary files) no run has used for a week; once a run. */
function pruneUnused(dir: string): void {
  if (prunedFolders.has(dir)) return;
  prunedFolders.add(dir);
  const before = Date.now() - UNUSED_FOR_MS;
  try {
    for (const name of readdirSync(dir)) {
      if (!ENTRY.test(name)) continue;
      const path = join(dir, name);
      try {
        if (statSync(path).mtimeMs < before) rmSync(path, { force: true });
      } catch {
        // gone already, or another writer's
      }
    }
  } catch {
    // pruned by a later run
  }
}
