#!/usr/bin/env node
// The package's command. Plain JavaScript that every Node can parse, so that the version
// check below can speak before any newer syntax or API is met.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cliSource = new URL('./commands/cli.ts', import.meta.url);

if (existsSync(fileURLToPath(cliSource))) {
  // A checkout of the repository: the runner runs from its TypeScript sources, and
  // `import … from 'journeys-runner'` must resolve to them too (see docs/decisions.md).
  const { registerHooks } = await import('node:module');
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      nextResolve(specifier, { ...context, conditions: [...context.conditions, 'journeys-source'] }),
  });
}

const cli = existsSync(fileURLToPath(cliSource))
  ? cliSource
  : new URL('../dist/commands/cli.js', import.meta.url);
const { main, flushOutput } = await import(cli.href);
const code = await main(process.argv);
// Every line reaches a slow pipe first (the verdict and the exit line last of all); then exit
// explicitly: a finished run must not wait for idle keep-alive sockets or timers.
await flushOutput();
process.exit(code);
