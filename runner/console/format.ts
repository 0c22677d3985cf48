/** Number and time formats shared by the live console and the final summary. */

/** Milliseconds with at most 2 decimals below 100 ms, whole above (`3.27`, `12.5`, `148`). */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms >= 100) return String(Math.round(ms));
  return String(Math.round(ms * 100) / 100);
}

/** Rates with 2 decimals (`19.50`). */
export function formatRate(perSecond: number): string {
  return (Number.isFinite(perSecond) ? perSecond : 0).toFixed(2);
}

/** Seconds as `mm:ss`, or `h:mm:ss` from an hour on. */
export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** A failure count with its share, Locust style: `3(1.50%)`. */
export function formatFailures(failures: number, requests: number): string {
  const share = requests > 0 ? (100 * failures) / requests : 0;
  return `${failures}(${share.toFixed(2)}%)`;
}

/** Cuts a long name to `width` characters with an ellipsis. */
export function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
