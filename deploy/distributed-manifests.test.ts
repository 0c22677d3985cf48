/**
 * deploy/*.yaml against the Kubernetes API's JSON Schemas (the `kubernetes-models` package,
 * generated from the API's OpenAPI document), and the distributed mode's wiring: the
 * workers reach the master through its Service, as many as it expects, with the same token.
 * None of this was applied to a cluster.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1';
import { PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { root } from '../runner/testing/cli-harness.ts';

// biome-ignore lint/suspicious/noExplicitAny: manifests are read as loose JSON, then validated
type Manifest = any;

/** The kinds deploy/ uses, each with its model (whose `validate()` applies the API's schema). */
const MODELS: Record<string, new (data: Manifest) => { validate(): void }> = {
  'batch/v1 Job': Job,
  'v1 Service': Service,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim,
};

async function manifests(): Promise<{ file: string; manifest: Manifest }[]> {
  const dir = join(root, 'deploy');
  const all: { file: string; manifest: Manifest }[] = [];
  for (const file of (await readdir(dir)).filter((name) => name.endsWith('.yaml')))
    for (const doc of parseAllDocuments(await readFile(join(dir, file), 'utf8')))
      all.push({ file, manifest: doc.toJS() });
  return all;
}

const find = (all: { manifest: Manifest }[], kind: string, name: string) =>
  all.find(({ manifest }) => manifest.kind === kind && manifest.metadata.name === name)?.manifest;

describe('deploy/ manifests', () => {
  it('every manifest is valid against the Kubernetes API schema of its kind', async () => {
    const all = await manifests();
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const { file, manifest } of all) {
      const Model = MODELS[`${manifest.apiVersion} ${manifest.kind}`];
      expect(Model, `${file}: no schema for ${manifest.apiVersion} ${manifest.kind}`).toBeDefined();
      expect(
        () => new Model(manifest).validate(),
        `${file}: ${manifest.kind}/${manifest.metadata?.name}`,
      ).not.toThrow();
    }
  });

  it('the schema check catches a wrong field type (it is not a check that cannot fail)', async () => {
    const job = find(await manifests(), 'Job', 'journeys-workers');
    const broken = structuredClone(job);
    broken.spec.completions = 'four';
    expect(() => new Job(broken).validate()).toThrow(/completions/);
  });

  it('master Job + Service and workers Job fit together', async () => {
    const all = await manifests();
    const master = find(all, 'Job', 'journeys-master');
    const service = find(all, 'Service', 'journeys-master');
    const workers = find(all, 'Job', 'journeys-workers');
    const masterPod = master.spec.template;
    // The Service selects the master's pod, on the port the master listens on.
    for (const [key, value] of Object.entries(service.spec.selector))
      expect(masterPod.metadata.labels[key]).toBe(value);
    const masterContainer = masterPod.spec.containers[0];
    expect(masterContainer.ports).toContainEqual({ name: 'master', containerPort: 5557 });
    expect(service.spec.ports[0]).toMatchObject({ port: 5557, targetPort: 'master' });
    const masterScript = masterContainer.args.join(' ');
    expect(masterScript).toContain('run --master --expect-workers "$WORKERS"');
    expect(masterScript).toContain('--master-bind-host 0.0.0.0 --master-bind-port 5557');
    // As many workers as the master waits for, all at once, none started again.
    const expected = masterContainer.env.find((e: Manifest) => e.name === 'WORKERS').value;
    expect(workers.spec.completions).toBe(Number(expected));
    expect(workers.spec.parallelism).toBe(workers.spec.completions);
    expect(workers.spec.backoffLimit).toBe(0);
    const workerContainer = workers.spec.template.spec.containers[0];
    expect(workerContainer.args.join(' ')).toContain(
      `run --worker --master-host ${service.metadata.name} --master-port ${service.spec.ports[0].port}`,
    );
    // One token for both sides, from one Secret.
    const token = (container: Manifest) =>
      container.env.find((e: Manifest) => e.name === 'JOURNEYS_MASTER_TOKEN').valueFrom.secretKeyRef;
    expect(token(workerContainer)).toEqual(token(masterContainer));
    expect(workerContainer.image).toBe(masterContainer.image);
  });
});
