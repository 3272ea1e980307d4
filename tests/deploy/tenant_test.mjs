// deploy_tenant: deploy/k8s/new-tenant writes overlays that add a dedicated
// tenant pool on top of another overlay (chaining for several tenants), and
// the result renders, validates and splits the integrations exactly.
import { requireKustomize, requireNodeModules } from './lib/env.mjs';

requireNodeModules();
requireKustomize();

const assert = (await import('node:assert/strict')).default;
const { spawnSync } = await import('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync } = await import('node:fs');
const os = (await import('node:os')).default;
const path = (await import('node:path')).default;
const { after, test } = await import('node:test');
const { k8sDir } = await import('./lib/env.mjs');
const { checkKustomization } = await import('./lib/check.mjs');

const script = path.join(k8sDir, 'new-tenant');
const example = path.join(k8sDir, 'overlays/prod-tenant-example');
const exampleId = /integrationId: (\S+)/.exec(readFileSync(path.join(example, 'tenant.yaml'), 'utf8'))[1];
const tmp = mkdtempSync(path.join(os.tmpdir(), 'clara-tenant-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const run = (...args) => spawnSync(script, args, { encoding: 'utf8', env: process.env });
const envOf = (objects, deployment, name) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === deployment)
  .spec.template.spec.containers[0].env.find((e) => e.name === name).value;

test('overlays/prod-tenant-example is what new-tenant writes', () => {
  const out = path.join(tmp, 'regenerated');
  const r = run('example', exampleId, '--out', out, '--no-check');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(path.join(out, 'tenant.yaml'), 'utf8'), readFileSync(path.join(example, 'tenant.yaml'), 'utf8'));
  // The kustomization differs only in the relative paths to prod and the component.
  const norm = (text) => text.replace(/\S*\/(prod|tenant-worker)\b/g, '<$1>');
  assert.equal(norm(readFileSync(path.join(out, 'kustomization.yaml'), 'utf8')),
    norm(readFileSync(path.join(example, 'kustomization.yaml'), 'utf8')));
});

test('a second tenant chains on the first: both get pools, the default pools skip both', async () => {
  const id = '0D9E8F7A-1B2C-4D3E-8F4A-5B6C7D8E9F01'; // upper case: normalised
  const out = path.join(tmp, 'prod-beta');
  const r = run('beta', id, '--base', example, '--out', out);
  assert.equal(r.status, 0, r.stderr);
  const { objects, findings } = await checkKustomization(out);
  assert.deepEqual(findings, []);
  const lower = id.toLowerCase();
  for (const svc of ['screening', 'writeback']) {
    assert.equal(envOf(objects, `clara-${svc}`, 'CLARA_EXCLUDE_INTEGRATIONS'), `${exampleId},${lower}`);
    assert.equal(envOf(objects, `clara-${svc}-example`, 'CLARA_INTEGRATIONS'), exampleId);
    assert.equal(envOf(objects, `clara-${svc}-beta`, 'CLARA_INTEGRATIONS'), lower);
    assert.equal(envOf(objects, `clara-${svc}-beta`, 'CLARA_EXCLUDE_INTEGRATIONS'), '');
    const q = objects.find((o) => o.kind === 'ScaledObject' && o.metadata.name === `clara-${svc}`).spec.triggers[0].metadata.query;
    assert.ok(q.includes(`string_to_array('${exampleId},${lower}', ',')`), q);
  }
  assert.ok(objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name === 'clara-tenant-beta'));
});

test('new-tenant refuses bad input and leaves nothing behind', () => {
  const cases = [
    { args: ['Acme', exampleId], want: /NAME must be a DNS label/ },
    { args: ['a-very-long-tenant-name-over-30-chars', exampleId], want: /NAME must be a DNS label/ },
    { args: ['acme-', exampleId], want: /NAME must be a DNS label/ },
    { args: ['default', '11111111-2222-4333-8444-555555555555'], want: /reserved/ },
    { args: ['acme', 'not-a-uuid'], want: /INTEGRATION_ID must be a UUID/ },
    { args: ['acme', "1'; DROP TABLE work_items; --"], want: /INTEGRATION_ID must be a UUID/ },
    { args: ['acme', exampleId, '--base', example], want: /already has a dedicated pool/ },
    { args: ['example', '11111111-2222-4333-8444-555555555555', '--base', example], want: /already dedicates a pool named 'example'/ },
    { args: ['acme', '11111111-2222-4333-8444-555555555555', '--base', path.join(tmp, 'nowhere')], want: /has no kustomization.yaml/ },
    { args: ['acme', '11111111-2222-4333-8444-555555555555', '--out', example], want: /already exists/ },
    { args: ['acme'], want: /new-tenant NAME INTEGRATION_ID/ },
  ];
  for (const c of cases) {
    const out = path.join(tmp, `refused-${cases.indexOf(c)}`);
    const args = c.args.includes('--out') ? c.args : [...c.args, '--out', out];
    const r = run(...args);
    assert.notEqual(r.status, 0, `${c.args.join(' ')}: accepted`);
    assert.match(r.stderr, c.want, c.args.join(' '));
    assert.ok(!existsSync(out), `${out} left behind`);
  }
});

test('a pool name used further down the chain fails the render and is removed', () => {
  const out = path.join(tmp, 'prod-example-again');
  const r = run('example', '11111111-2222-4333-8444-555555555555', '--base', path.join(tmp, 'prod-beta'), '--out', out);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /does not render/);
  assert.ok(!existsSync(out));
});
