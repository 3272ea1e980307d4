// Where things are, for the deploy tests: the repository, the npm tooling
// (tools/node_modules, installed by tools/setup) and kubectl. ctest passes
// them as environment variables (tests/deploy/CMakeLists.txt); run by hand,
// the defaults derive them from this file's location.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export const sourceDir = process.env.CLARA_SOURCE_DIR || path.resolve(here, '../../..');
export const nodeModules = process.env.CLARA_NODE_MODULES || path.join(sourceDir, 'tools/node_modules');
export const binaryDir = process.env.CLARA_BINARY_DIR || path.join(sourceDir, 'build');
export const kubectl = process.env.KUBECTL || 'kubectl';
export const k8sDir = path.join(sourceDir, 'deploy/k8s');
export const dockerDir = path.join(sourceDir, 'deploy/docker');

// ctest's SKIP_RETURN_CODE: the test reports "Skipped", not "Passed".
export const kSkip = 77;

export function skip(reason) {
  console.log(`SKIP: ${reason}`);
  process.exit(kSkip);
}

// Imports a module of tools/node_modules by its file path (the packages are
// ESM-only and this file is not below tools/, so bare specifiers would not
// resolve).
export async function importTool(relPath) {
  const file = path.join(nodeModules, relPath);
  return import(pathToFileURL(file).href);
}

export function requireNodeModules() {
  if (!existsSync(path.join(nodeModules, 'kubernetes-models')) ||
      !existsSync(path.join(nodeModules, 'js-yaml'))) {
    skip(`npm tooling missing in ${nodeModules}: run tools/setup`);
  }
}

// kubectl with kustomize v5 (components, replacements with options, labels).
export function requireKustomize() {
  const r = spawnSync(kubectl, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) skip(`${kubectl} not runnable: ${r.error?.message ?? r.stderr}`);
  let version = '';
  try { version = JSON.parse(r.stdout).kustomizeVersion ?? ''; } catch { /* below */ }
  const major = Number((/^v?(\d+)/.exec(version) ?? [])[1]);
  if (!(major >= 5)) skip(`${kubectl} embeds kustomize '${version}', these manifests need v5`);
  return version;
}
