#!/usr/bin/env node
// The package's command. Plain JavaScript that any Node able to load an ES module parses
// (no top-level await), so that the version check below speaks before any newer syntax
// or API is met; the runner itself is imported after it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The oldest Nodes that strip the types of a user's `.ts` files by default; the same as
// `engines.node` in package.json (a test checks).
const MINIMUM = { 22: [18, 0], 23: [6, 0] };

function supported(version) {
  const [major, minor, patch] = version.split('.').map(Number);
  const least = MINIMUM[major];
  if (!least) return major > 23;
  return minor > least[0] || (minor === least[0] && patch >= least[1]);
}

function start() {
  const cliSource = new URL('./commands/cli.ts', import.meta.url);
  if (!existsSync(fileURLToPath(cliSource))) return import('../dist/commands/cli.js');
  // A checkout of the repository: the runner runs from its TypeScript sources, and
  // `import … from 'journeys-runner'` must resolve to them too (docs/architecture.md).
  return import('node:module').then(({ registerHooks }) => {
    registerHooks({
      resolve: (specifier, context, nextResolve) =>
        nextResolve(specifier, { ...context, conditions: [...context.conditions, 'journeys-source'] }),
    });
    return import(cliSource.href);
  });
}

if (supported(process.versions.node)) {
  start()
    .then(async ({ main, flushOutput }) => {
      const code = await main(process.argv);
      // Every line reaches a slow pipe first (the verdict and the exit line last of all).
      await flushOutput();
      return code;
    })
    // Exit explicitly: a finished run must not wait for idle keep-alive sockets or timers.
    .then((code) => process.exit(code));
} else {
  process.stderr.write(
    `journeys needs Node 22.18 or later, this is ${process.version}: ` +
      'install Node 24 LTS (e.g. nvm install 24), or add it to this project with npm install -D node@24\n',
  );
  process.exitCode = 2;
}
