/**
 * The Logs tab's lines: whole lines kept in order and numbered as they are written through
 * the tee (the target gets every byte unchanged), colours stripped, levels from the stream
 * and from "warning:" lines, the oldest dropped past the limit, a page given only what is new.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RunLog } from './run-log.ts';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('RunLog', () => {
  it('keeps whole lines in order, numbered, and passes every byte on', () => {
    const log = new RunLog();
    const target = sink();
    const out = log.tee(target.stream, 'info');
    out.write('journeys run: Shopper → http://127.0.0.1:1 ');
    expect(log.since(0)).toEqual([]);
    out.write('(1 thread(s), seed 1)\n\u001b[33mwarning: runner CPU above 90%\u001b[39m\nspawning');
    out.write(' 2 users\n');
    expect(log.since(0).map(({ seq, level, text }) => ({ seq, level, text }))).toEqual([
      { seq: 1, level: 'info', text: 'journeys run: Shopper → http://127.0.0.1:1 (1 thread(s), seed 1)' },
      { seq: 2, level: 'warning', text: 'warning: runner CPU above 90%' },
      { seq: 3, level: 'info', text: 'spawning 2 users' },
    ]);
    expect(target.text()).toBe(
      'journeys run: Shopper → http://127.0.0.1:1 (1 thread(s), seed 1)\n\u001b[33mwarning: runner CPU above 90%\u001b[39m\nspawning 2 users\n',
    );
    expect(log.since(2).map((line) => line.text)).toEqual(['spawning 2 users']);
    expect(log.last()).toBe(3);
  });

  it('says it is no terminal, so a run prints plain lines into it', () => {
    const log = new RunLog();
    const out = log.tee(sink().stream, 'info') as NodeJS.WritableStream & { isTTY?: boolean };
    expect(out.isTTY).not.toBe(true);
  });

  it('marks the error stream’s lines as errors and drops the oldest past its limit', () => {
    const log = new RunLog(3);
    const errors = log.tee(sink().stream, 'error');
    for (let i = 1; i <= 5; i++) errors.write(`error: line ${i}\n`);
    expect(log.since(0).map((line) => [line.seq, line.level, line.text])).toEqual([
      [3, 'error', 'error: line 3'],
      [4, 'error', 'error: line 4'],
      [5, 'error', 'error: line 5'],
    ]);
    // A page that had line 1 only gets what is still kept.
    expect(log.since(1).map((line) => line.seq)).toEqual([3, 4, 5]);
    expect(log.since(5)).toEqual([]);
  });
});
