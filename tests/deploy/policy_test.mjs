// deploy_policy: every overlay complies with the deployment policy of
// lib/policy.mjs (probes, resources, non-root, read-only root filesystem,
// pinned images, ports that exist, drain timing, references that resolve,
// tenant pools that split the integrations exactly).
import { requireKustomize, requireNodeModules } from './lib/env.mjs';

requireNodeModules();
requireKustomize();

const assert = (await import('node:assert/strict')).default;
const path = (await import('node:path')).default;
const { test } = await import('node:test');
const { k8sDir } = await import('./lib/env.mjs');
const { describe, overlayDirs, render } = await import('./lib/render.mjs');
const { checkPolicy, parseImage, selectorMatches } = await import('./lib/policy.mjs');
const { externalSecrets } = await import('./lib/check.mjs');

for (const dir of [path.join(k8sDir, 'base'), ...overlayDirs()]) {
  test(`${path.relative(k8sDir, dir)} complies with the policy`, () => {
    const { objects, error } = render(dir);
    assert.equal(error, null);
    const findings = checkPolicy(objects, { externalSecrets: externalSecrets() });
    assert.deepEqual(findings.map((f) => `${describe(f.object)}: ${f.message}`), []);
  });
}

test('parseImage', () => {
  const cases = [
    ['ghcr.io/clara-ai/clara-ingest:0.1.0', { name: 'ghcr.io/clara-ai/clara-ingest', tag: '0.1.0', digest: undefined }],
    ['localhost:5000/clara-ingest', { name: 'localhost:5000/clara-ingest', tag: undefined, digest: undefined }],
    ['postgres:15.10-bookworm', { name: 'postgres', tag: '15.10-bookworm', digest: undefined }],
    ['postgres@sha256:abc', { name: 'postgres', tag: undefined, digest: 'sha256:abc' }],
    ['nginx', { name: 'nginx', tag: undefined, digest: undefined }],
  ];
  for (const [image, want] of cases) assert.deepEqual(parseImage(image), want, image);
});

test('selectorMatches', () => {
  const labels = { a: '1', b: '2' };
  const cases = [
    [{ matchLabels: { a: '1' } }, true],
    [{ matchLabels: { a: '2' } }, false],
    [{}, true],
    [{ matchExpressions: [{ key: 'b', operator: 'In', values: ['2', '3'] }] }, true],
    [{ matchExpressions: [{ key: 'b', operator: 'NotIn', values: ['2'] }] }, false],
    [{ matchExpressions: [{ key: 'c', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'c', operator: 'Exists' }] }, false],
    [undefined, false],
  ];
  for (const [selector, want] of cases) assert.equal(selectorMatches(selector, labels), want, JSON.stringify(selector));
});
