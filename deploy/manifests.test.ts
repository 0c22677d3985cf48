/**
 * deploy/*.yaml cannot be applied here (no cluster): they are parsed, and the fields a
 * distributed run depends on are checked — an Indexed Job whose N shards all run at once,
 * each with `--shard <its index>/N` and its own results folder on the shared volume, and a
 * merge of those folders.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { root } from '../runner/testing/cli-harness.ts';

interface Container {
  command: string[];
  args: string[];
  env: { name: string; value?: string }[];
  volumeMounts: { name: string; mountPath: string }[];
}
// biome-ignore lint/suspicious/noExplicitAny: manifests are read as loose JSON and checked field by field
type Manifest = any;

async function manifests(): Promise<Map<string, Manifest>> {
  const dir = join(root, 'deploy');
  const byName = new Map<string, Manifest>();
  for (const file of (await readdir(dir)).filter((name) => name.endsWith('.yaml'))) {
    for (const doc of parseAllDocuments(await readFile(join(dir, file), 'utf8'))) {
      expect(doc.errors, file).toEqual([]);
      const manifest = doc.toJS();
      expect(manifest.apiVersion && manifest.kind && manifest.metadata?.name, file).toBeTruthy();
      byName.set(`${manifest.kind}/${manifest.metadata.name}`, manifest);
    }
  }
  return byName;
}

const envOf = (container: Container, name: string) => container.env.find((e) => e.name === name)?.value;

describe('deploy/', () => {
  it('runs N shards as an Indexed Job, each --shard <index>/N into its own folder on the shared volume', async () => {
    const all = await manifests();
    const job = all.get('Job/journeys-shards');
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', backoffLimit: 0 });
    expect(job.spec.parallelism).toBe(job.spec.completions);
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    const container: Container = pod.containers[0];
    expect(envOf(container, 'SHARDS')).toBe(String(job.spec.completions));
    const script = container.args.join(' ');
    expect(script).toContain('node_modules/.bin/node runner/bin.js run');
    expect(script).not.toContain('npx');
    expect(script).toContain('--shard "$JOB_COMPLETION_INDEX/$SHARDS"');
    expect(script).toContain(
      '--csv "${JOURNEYS_SHARD_CSV:-/results/$RUN_ID/shard-$JOB_COMPLETION_INDEX/$PROFILE}"',
    );
    const claim = pod.volumes.find((v: Manifest) => v.name === 'results').persistentVolumeClaim.claimName;
    expect(all.get(`PersistentVolumeClaim/${claim}`).spec.accessModes).toEqual(['ReadWriteMany']);
    expect(container.volumeMounts).toContainEqual({ name: 'results', mountPath: '/results' });

    const merge = all.get('Job/journeys-merge');
    const merger: Container = merge.spec.template.spec.containers[0];
    expect(merger.args.join(' ')).toContain(
      'exec node_modules/.bin/node runner/bin.js report merge /results/"$RUN_ID"/shard-*',
    );
    expect(envOf(merger, 'RUN_ID')).toBe(envOf(container, 'RUN_ID'));
    expect(merge.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe(claim);
  });
});
