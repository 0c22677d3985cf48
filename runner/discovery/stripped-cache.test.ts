import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { privateFolder, strippedFromCache } from './stripped-cache.ts';

const SOURCE =
  "const greeting: string = 'hi';\nexport function shout(text: string): string { return text.toUpperCase(); }\n";
const STRIPPED = stripTypeScriptTypes(SOURCE, { mode: 'strip' });

describe('the cache of stripped sources across runs', () => {
  let folder: string;
  beforeEach(() => {
    folder = join(mkdtempSync(join(tmpdir(), 'journeys-stripped-test-')), 'cache');
    mkdirSync(folder, { mode: 0o700 });
  });
  afterEach(() => rmSync(join(folder, '..'), { recursive: true, force: true }));

  const entries = () => readdirSync(folder).filter((name) => name.endsWith('.js'));

  it('strips a source once: the next run takes the same JavaScript from the cache', () => {
    const strip = vi.fn((source: string) => stripTypeScriptTypes(source, { mode: 'strip' }));
    expect(strippedFromCache(SOURCE, strip, folder)).toBe(STRIPPED);
    expect(strippedFromCache(SOURCE, strip, folder)).toBe(STRIPPED);
    expect(strip).toHaveBeenCalledTimes(1);
    expect(entries()).toHaveLength(1);
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a changed source is stripped again', () => {
    const strip = vi.fn((source: string) => stripTypeScriptTypes(source, { mode: 'strip' }));
    strippedFromCache(SOURCE, strip, folder);
    const changed = SOURCE.replace("'hi'", "'hello'");
    expect(strippedFromCache(changed, strip, folder)).toBe(stripTypeScriptTypes(changed, { mode: 'strip' }));
    expect(strip).toHaveBeenCalledTimes(2);
  });

  it('a corrupt or torn entry is a miss, never a wrong module', () => {
    strippedFromCache(SOURCE, (source) => stripTypeScriptTypes(source, { mode: 'strip' }), folder);
    const [entry] = entries();
    for (const garbage of ['', 'not a digest\nthrow 1', `${'0'.repeat(64)}\nthrow new Error('tampered')`]) {
      writeFileSync(join(folder, entry), garbage);
      const strip = vi.fn(() => STRIPPED);
      expect(strippedFromCache(SOURCE, strip, folder)).toBe(STRIPPED);
      expect(strip).toHaveBeenCalledTimes(1);
    }
  });

  it('a folder that cannot be written, or none, strips as before', () => {
    chmodSync(folder, 0o500);
    try {
      expect(strippedFromCache(SOURCE, () => STRIPPED, folder)).toBe(STRIPPED);
    } finally {
      chmodSync(folder, 0o700);
    }
    expect(strippedFromCache(SOURCE, () => STRIPPED, join(folder, 'missing'))).toBe(STRIPPED);
    expect(strippedFromCache(SOURCE, () => STRIPPED, null)).toBe(STRIPPED);
  });

  it("an error of the parser is the run's, and nothing is kept", () => {
    const failing = () => {
      throw new Error('unsupported syntax');
    };
    expect(() => strippedFromCache(SOURCE, failing, folder)).toThrow('unsupported syntax');
    expect(entries()).toEqual([]);
  });

  it('removes entries no run used for a week when it writes one', () => {
    const old = join(folder, `${'a'.repeat(64)}.js`);
    const recent = join(folder, `${'b'.repeat(64)}.js`);
    const other = join(folder, 'not-ours.txt');
    for (const file of [old, recent, other]) writeFileSync(file, 'x');
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    utimesSync(old, eightDaysAgo, eightDaysAgo);
    utimesSync(other, eightDaysAgo, eightDaysAgo);
    strippedFromCache(SOURCE, () => STRIPPED, folder);
    const left = readdirSync(folder);
    expect(left).not.toContain(`${'a'.repeat(64)}.js`);
    expect(left).toContain(`${'b'.repeat(64)}.js`);
    expect(left).toContain('not-ours.txt');
    expect(entries()).toHaveLength(2);
  });

  it('uses only a folder no one else may write to', () => {
    expect(privateFolder(folder)).toBe(folder);
    const made = join(folder, 'made');
    expect(privateFolder(made)).toBe(made);
    chmodSync(folder, 0o777);
    expect(privateFolder(folder)).toBeNull();
    chmodSync(folder, 0o700);
    const file = join(folder, 'a-file');
    writeFileSync(file, '');
    expect(privateFolder(file)).toBeNull();
  });
});
