#!/usr/bin/env node
// The package's command. JavaScript, so that it runs from node_modules/ too: the hook
// below must be in place before the first TypeScript file of the runner is loaded.
import './strip-types.js';

const { main } = await import('./commands/cli.ts');
// Exit explicitly: a finished run must not wait for idle keep-alive sockets or timers.
process.exit(await main(process.argv));
