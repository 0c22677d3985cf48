/**
 * Builds what `npm pack` ships (the `prepack` script): the runner compiled to JavaScript
 * with declaration files and source maps under `dist/`, beside the files the runner reads
 * at run time (web UI and report assets, the summary's JSON Schema). The repository itself
 * runs the TypeScript sources; this build exists only for the published package.
 *
 *     npm run build
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const source = join(repo, 'runner');
const out = join(repo, 'dist');

/** Files the runner reads beside its modules, copied as they are. */
const ASSET = /\.(css|client\.js|schema\.json)$/;
const INIT_TEMPLATE = 'commands/init-template';
const isTestSupport = (file: string) => file.split('/').includes('testing') || /\.test\.[jt]s$/.test(file);

rmSync(out, { recursive: true, force: true });
const tsc = join(repo, 'node_modules', '.bin', 'tsc');
execFileSync(tsc, ['-p', join(repo, 'tsconfig.build.json')], { stdio: 'inherit' });

const files = readdirSync(source, { recursive: true }).map(String);
for (const file of files.filter((name) => ASSET.test(name) && !isTestSupport(name))) {
  cpSync(join(source, file), join(out, file));
}
// What `journeys init` writes into a project, as it is (its `.ts` is the user's, not ours).
cpSync(join(source, INIT_TEMPLATE), join(out, INIT_TEMPLATE), { recursive: true });

// tsc rewrites `./x.ts` to `./x.js` in the JavaScript it emits but leaves the declaration
// files' specifiers as written; a consumer's compiler must find `x.d.ts` through `x.js`.
const RELATIVE_TS = /(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g;
const declarations = readdirSync(out, { recursive: true })
  .map(String)
  .filter((name) => name.endsWith('.d.ts'));
for (const file of declarations) {
  const path = join(out, file);
  const text = readFileSync(path, 'utf8');
  const rewritten = text.replace(RELATIVE_TS, '$1$2$3.js$2');
  if (rewritten !== text) writeFileSync(path, rewritten);
}
console.log(`built dist/: ${declarations.length} modules with declarations and source maps`);
