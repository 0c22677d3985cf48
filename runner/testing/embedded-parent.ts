/**
 * A runner-like parent for the embedded-service tests: starts the embedded service (the
 * real service/server.ts unless JOURNEYS_SERVICE_SCRIPT says otherwise), prints
 * `<service pid> <url>` and stays alive until killed.
 */
import { startEmbeddedService } from '../target/embedded-service.ts';

const service = await startEmbeddedService();
process.stdout.write(`${service.pid} ${service.url}\n`);
setInterval(() => undefined, 60_000);
