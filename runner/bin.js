#!/usr/bin/env node
// The package's command. JavaScript, so that it runs from node_modules/ too: the hook
// below must be in place before the first TypeScript file of the runner is loaded.
import './strip-types.js';

const { main } = await import('./commands/cli.ts');
const { flushOutput } = await import('./console/flush-output.ts');
const code = await main(process.argv);
// Every line reaches a slow pipe first; then exit explicitly: a finished run must not wait
// for idle keep-alive sockets or timers.
await flushOutput();
process.exit(code);
