import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { docTables, markdownTable, markedBlock, withBlock } from './settings-docs.ts';
import { repositoryFile } from './write-schema.ts';

describe('the flags tables made from the settings table', () => {
  it.each(docTables.map((table) => [table.name, table.file, table]))(
    'the %s table of %s is settings.ts written out (run `npx node runner/config/write-schema.ts` after changing it)',
    async (_name, file, table) => {
      const text = await readFile(repositoryFile(file), 'utf8');
      expect(markedBlock(text, table.name)).toBe(table.render());
    },
  );

  it('the README lists the request timeout with its Locust name and default', () => {
    const run = docTables.find((table) => table.name === 'run')!.render();
    const row = run.split('\n').find((line) => line.startsWith('| `--request-timeout DURATION` '));
    expect(row?.replace(/ +/g, ' ')).toBe(
      '| `--request-timeout DURATION` | a request with no response (headers, or the next part of its body) for this long fails; default: 60s; Locust: `FastHttpUser.network_timeout` |',
    );
  });

  it('a drifted block is seen and rewritten', () => {
    const text = 'before\n<!-- settings:x -->\n| old |\n<!-- /settings:x -->\nafter\n';
    expect(markedBlock(text, 'x')).toBe('| old |');
    const fixed = withBlock(text, 'x', '| new |');
    expect(fixed).toBe('before\n<!-- settings:x -->\n| new |\n<!-- /settings:x -->\nafter\n');
    expect(markedBlock('no markers', 'x')).toBeUndefined();
  });

  it('pads columns as a Markdown formatter would', () => {
    expect(markdownTable(['a', 'bb'], [['long', 'x']])).toBe('| a    | bb |\n| ---- | -- |\n| long | x  |');
  });
});
