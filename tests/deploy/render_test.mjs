// deploy_render_validate: every overlay renders with `kubectl kustomize`, and
// every object validates against the Kubernetes / KEDA / Prometheus Operator /
// CloudNativePG schemas (kubernetes-models, offline); plus what each overlay
// must contain.
import { requireKustomize, requireNodeModules } from './lib/env.mjs';

requireNodeModules();
requireKustomize();

const assert = (await import('node:assert/strict')).default;
const path = (await import('node:path')).default;
const { test } = await import('node:test');
const { k8sDir } = await import('./lib/env.mjs');
const { describe, overlayDirs, render } = await import('./lib/render.mjs');
const { validateAll, validateObject } = await import('./lib/schema.mjs');
const { externalSecrets } = await import('./lib/check.mjs');
const policy = await import('./lib/policy.mjs');

const rendered = new Map();
function renderOnce(dir) {
  if (!rendered.has(dir)) rendered.set(dir, render(dir));
  const r = rendered.get(dir);
  assert.equal(r.error, null, `kubectl kustomize ${dir} failed: ${r.error}`);
  return r.objects;
}
const overlay = (name) => renderOnce(path.join(k8sDir, 'overlays', name));
const one = (objects, kind, name) => {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  assert.equal(found.length, 1, `expected one ${kind} ${name ?? ''}, found ${found.length}`);
  return found[0];
};
const container = (obj) => obj.spec.template.spec.containers[0];
const env = (c, name) => c.env.find((e) => e.name === name);

test('the overlays the issue asks for exist', () => {
  const names = overlayDirs().map((d) => path.basename(d));
  for (const want of ['dev', 'prod', 'prod-tenant-example']) assert.ok(names.includes(want), `overlays/${want} missing`);
});

for (const dir of [path.join(k8sDir, 'base'), ...overlayDirs()]) {
  test(`${path.relative(k8sDir, dir)} renders and every object validates against its schema`, async () => {
    const objects = renderOnce(dir);
    assert.ok(objects.length > 0);
    const findings = await validateAll(objects);
    assert.deepEqual(findings.map((f) => `${describe(f.object)}: ${f.message}`), []);
    const kinds = new Set(objects.map((o) => o.kind));
    for (const kind of ['Deployment', 'Service', 'Job', 'ConfigMap', 'ServiceAccount', 'PodDisruptionBudget',
      'NetworkPolicy', 'ServiceMonitor', 'Ingress']) {
      assert.ok(kinds.has(kind), `no ${kind}`);
    }
    for (const svc of ['ingest', 'screening', 'writeback']) {
      one(objects, 'Deployment', `clara-${svc}`);
      one(objects, 'Service', `clara-${svc}`);
      one(objects, 'PodDisruptionBudget', `clara-${svc}`);
    }
  });
}

test('the Secret template validates and holds no values', async () => {
  for (const s of externalSecrets()) {
    assert.deepEqual(await validateObject(s), [], s.metadata.name);
    assert.equal(s.data, undefined);
    for (const [k, v] of Object.entries(s.stringData)) assert.equal(v, '', `${s.metadata.name}.${k} has a value`);
  }
});

test('base: probes, drain and security as the runtime contract needs', () => {
  const objects = renderOnce(path.join(k8sDir, 'base'));
  const ingest = container(one(objects, 'Deployment', 'clara-ingest'));
  assert.equal(ingest.readinessProbe.httpGet.path, '/readyz');
  assert.equal(ingest.livenessProbe.httpGet.path, '/healthz');
  assert.deepEqual(ingest.ports.map((p) => p.containerPort), [8080, 50051, 9101]);
  for (const [svc, port] of [['screening', 50052], ['writeback', 50053]]) {
    const d = one(objects, 'Deployment', `clara-${svc}`);
    const c = container(d);
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) assert.equal(c[probe].grpc.port, port, `${svc} ${probe}`);
    assert.equal(env(c, 'CLARA_INTEGRATIONS').value, '');
    assert.equal(env(c, 'CLARA_EXCLUDE_INTEGRATIONS').value, '');
    assert.ok(env(c, 'CLARA_WORKER_CONCURRENCY'));
  }
  for (const svc of ['ingest', 'screening', 'writeback']) {
    const d = one(objects, 'Deployment', `clara-${svc}`);
    assert.equal(d.spec.template.spec.terminationGracePeriodSeconds, 35);
    assert.equal(container(d).lifecycle.preStop.sleep.seconds, 5);
    assert.equal(env(container(d), 'CLARA_DATABASE_URL').valueFrom.secretKeyRef.name, 'clara-pg-app');
  }
  const job = one(objects, 'Job');
  assert.match(job.metadata.name, /^clara-migrate-\d+\.\d+\.\d+$/);
  assert.ok(container(job).args.includes('--migrations_dir=/usr/share/clara/migrations'));
  assert.equal(job.spec.template.spec.restartPolicy, 'Never');
  const ing = one(objects, 'Ingress');
  assert.deepEqual(ing.spec.rules[0].http.paths.map((p) => p.path), ['/teamtailor/']);
});

test('dev: one PostgreSQL 15 StatefulSet pinned by tag, generated Secrets', () => {
  const objects = overlay('dev');
  const sts = one(objects, 'StatefulSet');
  assert.match(container(sts).image, /^postgres:15\.\d+(-\w+)?$/);
  assert.equal(sts.spec.replicas, 1);
  assert.equal(sts.spec.template.metadata.labels['clara.ai/database'], 'true');
  one(objects, 'Service', 'clara-pg-rw');
  assert.equal(objects.filter((o) => o.kind === 'Cluster').length, 0);
  assert.ok(objects.some((o) => o.kind === 'Secret' && o.metadata.name.startsWith('clara-pg-app')));
  for (const o of objects.filter((x) => x.metadata.namespace !== undefined)) assert.equal(o.metadata.namespace, 'clara-dev');
});

test('prod: CloudNativePG with 3 instances, HPA on CPU for ingest, KEDA on queue depth for the workers', () => {
  const objects = overlay('prod');
  const cluster = one(objects, 'Cluster', 'clara-pg');
  assert.equal(cluster.apiVersion, 'postgresql.cnpg.io/v1');
  assert.equal(cluster.spec.instances, 3);
  assert.equal(cluster.spec.inheritedMetadata.labels['clara.ai/database'], 'true');
  assert.equal(objects.filter((o) => o.kind === 'StatefulSet').length, 0);

  const hpa = one(objects, 'HorizontalPodAutoscaler');
  assert.equal(hpa.spec.scaleTargetRef.name, 'clara-ingest');
  assert.deepEqual(hpa.spec.metrics.map((m) => m.resource.name), ['cpu']);

  const auth = one(objects, 'TriggerAuthentication');
  assert.deepEqual(auth.spec.secretTargetRef, [{ parameter: 'connection', name: 'clara-pg-app', key: 'uri' }]);
  for (const svc of ['screening', 'writeback']) {
    const so = one(objects, 'ScaledObject', `clara-${svc}`);
    assert.equal(so.spec.scaleTargetRef.name, `clara-${svc}`);
    const [trigger] = so.spec.triggers;
    assert.equal(trigger.type, 'postgresql');
    assert.equal(trigger.authenticationRef.name, auth.metadata.name);
    const q = trigger.metadata.query;
    assert.match(q, new RegExp(`^SELECT count\\(\\*\\) FROM work_items WHERE queue = '${svc}' AND state IN \\('ready', 'running'\\) AND run_at <= now\\(\\)`));
    assert.ok(so.spec.minReplicaCount >= 1, 'the default pool serves gRPC: never zero');
  }
  for (const d of objects.filter((o) => o.kind === 'Deployment')) assert.equal(d.spec.replicas, undefined, d.metadata.name);
  assert.equal(one(objects, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
});

test('prod-tenant-example: a dedicated pool per worker, scoped to the tenant, and the default pools skip it', () => {
  const objects = overlay('prod-tenant-example');
  const inputs = one(objects, 'ConfigMap', 'clara-tenant-example');
  const id = inputs.data.integrationId;
  assert.match(id, /^[0-9a-f-]{36}$/);
  for (const svc of ['screening', 'writeback']) {
    const tenant = one(objects, 'Deployment', `clara-${svc}-example`);
    const def = one(objects, 'Deployment', `clara-${svc}`);
    assert.equal(tenant.spec.selector.matchLabels['clara.ai/pool'], 'example');
    assert.equal(tenant.spec.template.metadata.labels['clara.ai/pool'], 'example');
    assert.equal(env(container(tenant), 'CLARA_INTEGRATIONS').value, id);
    assert.equal(env(container(tenant), 'CLARA_EXCLUDE_INTEGRATIONS').value, '');
    assert.equal(env(container(def), 'CLARA_EXCLUDE_INTEGRATIONS').value, id);
    // Same pod spec as the default pool, apart from the pool's own env.
    const strip = (d) => JSON.stringify({ ...d.spec.template.spec, containers: d.spec.template.spec.containers.map((c) => ({ ...c, env: c.env.filter((e) => !/INTEGRATIONS$/.test(e.name)) })) });
    assert.equal(strip(tenant), strip(def));
    const so = one(objects, 'ScaledObject', `clara-${svc}-example`);
    assert.equal(so.spec.scaleTargetRef.name, `clara-${svc}-example`);
    assert.ok(so.spec.triggers[0].metadata.query.endsWith(`AND integration_id = '${id}'`));
    assert.ok(one(objects, 'ScaledObject', `clara-${svc}`).spec.triggers[0].metadata.query.includes(`string_to_array('${id}', ',')`));
    assert.equal(one(objects, 'PodDisruptionBudget', `clara-${svc}-example`).spec.selector.matchLabels['clara.ai/pool'], 'example');
  }
});

// deploy/README.md installs in steps selected by app.kubernetes.io/component:
// each step must carry what its objects need.
test('the install steps of deploy/README.md select what they need', () => {
  const objects = overlay('prod');
  const { selectorMatches } = policy;
  const select = (values) => objects.filter((o) => selectorMatches(
    { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values }] }, o.metadata.labels));
  const database = select(['database']);
  assert.ok(database.some((o) => o.kind === 'Cluster'), 'step 1 misses the Cluster');
  const migration = select(['config', 'migration']);
  const job = one(migration, 'Job');
  const pod = job.spec.template.spec;
  one(migration, 'ServiceAccount', pod.serviceAccountName);
  for (const e of pod.containers.flatMap((c) => c.env ?? [])) {
    const cm = e.valueFrom?.configMapKeyRef;
    if (cm) one(migration, 'ConfigMap', cm.name);
  }
  assert.deepEqual(migration.map((o) => o.kind).sort(), ['ConfigMap', 'Job', 'ServiceAccount']);
});
