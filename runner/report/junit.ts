/**
 * JUnit XML for CI: one testcase per threshold and per invariant of a run (or per compared
 * endpoint of `report compare`), so a CI server lists what passed and what failed.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunSummary } from '../stats/summary.ts';
import { writeAtomically } from './atomic-write.ts';

export interface JUnitCase {
  /** e.g. `p95<500ms`, `no oversell`. */
  name: string;
  /** Groups cases in the CI's view: `thresholds`, `invariants`, `compare`. */
  classname: string;
  pass: boolean;
  /** One line: why it failed (or what was measured). */
  message?: string;
}

/**
 * @example junitXml('journeys smoke', [{ name: 'p95<500ms', classname: 'thresholds', pass: true }])
 */
export function junitXml(suite: string, cases: readonly JUnitCase[], timeSeconds = 0): string {
  const failures = cases.filter((c) => !c.pass).length;
  const body = cases
    .map((c) => {
      const open = `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}" time="0">`;
      if (c.pass) {
        const out = c.message ? `\n      <system-out>${xml(c.message)}</system-out>\n    ` : '';
        return `${open}${out}</testcase>`;
      }
      const message = c.message ?? 'failed';
      return `${open}\n      <failure message="${xml(message)}" type="${xml(c.classname)}">${xml(message)}</failure>\n    </testcase>`;
    })
    .join('\n');
  const time = timeSeconds.toFixed(3);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="journeys" tests="${cases.length}" failures="${failures}" errors="0" time="${time}">\n` +
    `  <testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${time}">\n` +
    `${body}${body ? '\n' : ''}  </testsuite>\n</testsuites>\n`
  );
}

/** The thresholds and invariants of a run's summary, one case each. */
export function runJUnitCases(summary: Pick<RunSummary, 'thresholds' | 'invariants'>): JUnitCase[] {
  const thresholds = (summary.thresholds ?? []).map(
    (t): JUnitCase => ({
      name: t.expression,
      classname: 'thresholds',
      pass: t.pass,
      message:
        t.actual === null || t.actual === undefined
          ? (t.reason ?? 'nothing measured')
          : `measured ${Math.round(t.actual * 1000) / 1000}${t.unit === 'ms' ? ' ms' : ''}${t.subject ? ` at ${t.subject}` : ''}`,
    }),
  );
  const invariants = (summary.invariants ?? []).map(
    (i): JUnitCase => ({
      name: i.name,
      classname: 'invariants',
      pass: i.pass,
      ...(i.message ? { message: i.message } : {}),
    }),
  );
  return [...thresholds, ...invariants];
}

export async function writeJUnit(
  file: string,
  suite: string,
  cases: readonly JUnitCase[],
  timeSeconds = 0,
): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeAtomically(file, junitXml(suite, cases, timeSeconds));
  return file;
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes markup and drops characters XML 1.0 cannot hold (control characters from error texts). */
function xml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what XML forbids
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"']/g, (c) => XML_ENTITIES[c])
  );
}
