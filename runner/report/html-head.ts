/** The start of every page the runner writes or serves (report, compare, web UI): one doctype, one head. */
import { escapeHtml } from './html-escape.ts';

export interface HtmlHead {
  title: string;
  /** The page's Content-Security-Policy: each page allows only what it holds. */
  policy: string;
  /** Styles and links, already HTML. */
  head: string;
}

/**
 * @example htmlStart({ title: 'journeys report', policy: "default-src 'none'", head: '<style>…</style>' })
 */
export function htmlStart({ title, policy, head }: HtmlHead): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<title>${escapeHtml(title)}</title>
${head}
</head>`;
}
