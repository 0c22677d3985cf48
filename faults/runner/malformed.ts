/**
 * Generated mistakes for the fault suite: profiles and user modules that are wrong in the
 * ways people get them wrong, each in its own file, from a seed.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A small seeded generator (mulberry32), so every run of the suite makes the same files. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROFILE_MISTAKES: ((n: number) => string)[] = [
  (n) => `name: p${n}\nusers: [1\n`,
  (n) => `name: p${n}\nuserz: ${n}\n`,
  (n) => `name: p${n}\nusers: lots-${n}\n`,
  (n) => `name: p${n}\nduration: ${n}x\n`,
  (n) => `name: p${n}\nthresholds: ["p95 << ${n}ms"]\n`,
  (n) => `name: p${n}\nspawn_rate: -${n}\n`,
  (n) => `name: p${n}\nthreads: ${100_000 + n}\n`,
  (n) => `name: p${n}\nusers_module: nowhere-${n}/\n`,
  (n) => `name: P ${n}\n`,
  (n) => `name: p${n}\nstages: [{ users: ${n} }]\n`,
  (n) =>
    `name: p${n}\na: &a [x, x, x, x, x, x, x, x, x, x]\n${['b', 'c', 'd', 'e', 'f']
      .map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcde'[i]}`).join(', ')}]`)
      .join('\n')}\ng: [${Array(10).fill('*f').join(', ')}]\n`,
  (n) => `name: p${n}\narrival_rate: ${n}\nusers: 3\n`,
];

const MODULE_MISTAKES: ((n: number) => string)[] = [
  (n) => `export const a${n} = (;\n`,
  (n) => `enum E${n} { A }\nexport const e = E${n}.A;\n`,
  (n) => `throw new Error('module ${n} throws at import');\n`,
  // A module with no User class is fine in a folder (helpers live there): not a mistake here.
  (n) => `import 'no-such-package-${n}';\nexport const x = 1;\n`,
  (n) => `import './missing-${n}.ts';\nexport const x = 1;\n`,
  (n) => `export class U${n} {\n  journeys = [;\n}\n`,
];

/** Writes `count` profiles and `count` user modules into `dir`; returns their paths. */
export async function writeMalformed(dir: string, count: number, seed: number) {
  const random = seeded(seed);
  const profiles: string[] = [];
  const modules: string[] = [];
  for (let n = 0; n < count; n++) {
    const profile = join(dir, `profile-${String(n).padStart(3, '0')}.yaml`);
    await writeFile(profile, PROFILE_MISTAKES[Math.floor(random() * PROFILE_MISTAKES.length)](n));
    profiles.push(profile);
    const module = join(dir, `module-${String(n).padStart(3, '0')}.ts`);
    await writeFile(module, MODULE_MISTAKES[Math.floor(random() * MODULE_MISTAKES.length)](n));
    modules.push(module);
  }
  return { profiles, modules };
}
