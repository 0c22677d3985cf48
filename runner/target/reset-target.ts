/**
 * `--reset-target`: before any user starts, the target empties every stream, read model,
 * checkpoint and snapshot through its admin endpoint, so runs start from the same state.
 * The endpoint exists only on a service started with an admin token; the embedded service
 * gets one from the runner, a service of your own takes it from `JOURNEYS_ADMIN_TOKEN`.
 */
import { ExitCode, RunnerError } from '../errors.ts';

export const RESET_PATH = '/admin/reset';

/** @example await resetTarget('http://127.0.0.1:8000', process.env.JOURNEYS_ADMIN_TOKEN); */
export async function resetTarget(host: string, token: string | undefined): Promise<void> {
  const where = `${host}${RESET_PATH}`;
  if (!token) {
    throw new RunnerError('--reset-target needs the admin token of the target', {
      code: 'RESET_TOKEN_MISSING',
      exitCode: ExitCode.usage,
      where,
      hint: 'set JOURNEYS_ADMIN_TOKEN to the ADMIN_TOKEN the service was started with',
    });
  }
  let response: Response;
  try {
    response = await fetch(where, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new RunnerError(`could not reset the target: ${(error as Error).message}`, {
      code: 'RESET_FAILED',
      exitCode: ExitCode.unreachable,
      where,
    });
  }
  const body = (await response.text()).slice(0, 200).replace(/\s+/g, ' ');
  if (response.ok) return;
  const refused = response.status === 401 || response.status === 403;
  throw new RunnerError(`the target refused to reset: HTTP ${response.status} ${body}`, {
    code: 'RESET_REFUSED',
    exitCode: ExitCode.usage,
    where,
    hint: refused
      ? 'JOURNEYS_ADMIN_TOKEN must be the ADMIN_TOKEN the service was started with'
      : response.status === 404
        ? 'start the service with ADMIN_TOKEN set: without it the admin endpoint does not exist'
        : 'see the service log',
  });
}
