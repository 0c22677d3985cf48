#!/usr/bin/env node
import { main } from './cli.ts';

// Exit explicitly: a finished run must not wait for idle keep-alive sockets or timers.
process.exit(await main(process.argv));
