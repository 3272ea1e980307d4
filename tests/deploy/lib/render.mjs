// Renders kustomizations with `kubectl kustomize` and parses the result.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { importTool, k8sDir, kubectl } from './env.mjs';

const yaml = (await importTool('js-yaml/dist/js-yaml.mjs')).default;
export { yaml };

// Every overlay under deploy/k8s/overlays, so a new one is tested without
// touching the tests.
export function overlayDirs() {
  const root = path.join(k8sDir, 'overlays');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(root, d.name, 'kustomization.yaml')))
    .map((d) => path.join(root, d.name))
    .sort();
}

// Returns { objects, error }: error is kustomize's message when it fails.
export function render(dir) {
  const r = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) return { objects: [], error: r.error.message };
  if (r.status !== 0) return { objects: [], error: r.stderr.trim() || `exit ${r.status}` };
  return { objects: parseAll(r.stdout), error: null };
}

export function parseAll(text) {
  return yaml.loadAll(text).filter((o) => o !== null && o !== undefined);
}

export function describe(obj) {
  const ns = obj?.metadata?.namespace ? `${obj.metadata.namespace}/` : '';
  return `${obj?.kind ?? '?'} ${ns}${obj?.metadata?.name ?? '?'}`;
}
