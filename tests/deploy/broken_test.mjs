// deploy_broken_manifests: the validation fails on broken manifests. Each case
// breaks one thing in a rendered, valid overlay and expects the finding that
// names it; a fixture overlay (fixtures/broken-overlay) goes through the whole
// pipeline (kubectl kustomize + validate.mjs) and must be rejected.
import { requireKustomize, requireNodeModules } from './lib/env.mjs';

requireNodeModules();
requireKustomize();

const assert = (await import('node:assert/strict')).default;
const { spawnSync } = await import('node:child_process');
const path = (await import('node:path')).default;
const { fileURLToPath } = await import('node:url');
const { test } = await import('node:test');
const { k8sDir } = await import('./lib/env.mjs');
const { render } = await import('./lib/render.mjs');
const { checkObjects } = await import('./lib/check.mjs');

const here = path.dirname(fileURLToPath(import.meta.url));
const { objects: pristine, error } = render(path.join(k8sDir, 'overlays/prod-tenant-example'));
assert.equal(error, null, error);

const get = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const deployment = (objects, name) => get(objects, 'Deployment', name);
const ctr = (objects, name) => deployment(objects, name).spec.template.spec.containers[0];

test('the unbroken overlay has no findings (baseline)', async () => {
  assert.deepEqual(await checkObjects(pristine), []);
});

const kCases = [
  { name: 'readiness probe removed', want: /Deployment clara\/clara-ingest: container ingest: no readinessProbe/,
    mutate: (o) => { delete ctr(o, 'clara-ingest').readinessProbe; } },
  { name: 'liveness probe removed', want: /clara-screening: container screening: no livenessProbe/,
    mutate: (o) => { delete ctr(o, 'clara-screening').livenessProbe; } },
  { name: 'image :latest', want: /uses :latest/,
    mutate: (o) => { ctr(o, 'clara-writeback').image = 'ghcr.io/clara-ai/clara-writeback:latest'; } },
  { name: 'untagged image', want: /image 'ghcr.io\/clara-ai\/clara-ingest' has no tag/,
    mutate: (o) => { ctr(o, 'clara-ingest').image = 'ghcr.io/clara-ai/clara-ingest'; } },
  { name: 'probe on a missing named port', want: /readinessProbe httpGet targets port "admin", which the container does not declare/,
    mutate: (o) => { ctr(o, 'clara-ingest').readinessProbe.httpGet.port = 'admin'; } },
  { name: 'gRPC probe on a missing port number', want: /livenessProbe grpc targets port 50099/,
    mutate: (o) => { ctr(o, 'clara-screening').livenessProbe.grpc.port = 50099; } },
  { name: 'Service targetPort missing on the pods', want: /Service clara\/clara-ingest: port metrics: targetPort "metricz" is not a container port/,
    mutate: (o) => { get(o, 'Service', 'clara-ingest').spec.ports[2].targetPort = 'metricz'; } },
  { name: 'Deployment field of the wrong type', want: /schema: Deployment clara\/clara-ingest: \/spec\/replicas must be integer/,
    mutate: (o) => { deployment(o, 'clara-ingest').spec.replicas = 'two'; } },
  { name: 'containerPort as a string', want: /\/spec\/template\/spec\/containers\/0\/ports\/0\/containerPort must be integer/,
    mutate: (o) => { ctr(o, 'clara-ingest').ports[0].containerPort = '8080'; } },
  { name: 'misspelt field (unknown to the schema)', want: /\/spec\/template\/spec\/containers\/0\/readinesProbe is not a field of Deployment/,
    mutate: (o) => { const c = ctr(o, 'clara-writeback'); c.readinesProbe = c.readinessProbe; delete c.readinessProbe; } },
  { name: 'memory limit removed', want: /no resources\.limits\.memory/,
    mutate: (o) => { delete ctr(o, 'clara-screening').resources.limits.memory; } },
  { name: 'cpu request removed', want: /no resources\.requests\.cpu/,
    mutate: (o) => { delete o.find((x) => x.kind === 'Job').spec.template.spec.containers[0].resources.requests.cpu; } },
  { name: 'runAsNonRoot off', want: /runAsNonRoot is not true/,
    mutate: (o) => { const d = deployment(o, 'clara-ingest'); d.spec.template.spec.securityContext.runAsNonRoot = false; ctr(o, 'clara-ingest').securityContext.runAsNonRoot = false; } },
  { name: 'writable root filesystem', want: /readOnlyRootFilesystem is not true/,
    mutate: (o) => { ctr(o, 'clara-writeback-example').securityContext.readOnlyRootFilesystem = false; } },
  { name: 'privilege escalation', want: /allowPrivilegeEscalation is not false/,
    mutate: (o) => { delete ctr(o, 'clara-ingest').securityContext.allowPrivilegeEscalation; } },
  { name: 'capabilities kept', want: /capabilities.drop does not contain ALL/,
    mutate: (o) => { ctr(o, 'clara-ingest').securityContext.capabilities.drop = ['NET_RAW']; } },
  { name: 'grace period shorter than the drain', want: /terminationGracePeriodSeconds 20 < preStop 5 \+ CLARA_DRAIN_SECONDS 20 \+ 5/,
    mutate: (o) => { deployment(o, 'clara-screening').spec.template.spec.terminationGracePeriodSeconds = 20; } },
  { name: 'shared work-queue lease owner', want: /clara-writeback-example: container writeback: CLARA_WORKER_ID must come from the pod name/,
    mutate: (o) => { const c = ctr(o, 'clara-writeback-example'); c.env = c.env.filter((e) => e.name !== 'CLARA_WORKER_ID'); } },
  { name: 'Secret key that does not exist', want: /env CLARA_DATABASE_URL: Secret 'clara-pg-app' has no key 'url'/,
    mutate: (o) => { ctr(o, 'clara-ingest').env.find((e) => e.name === 'CLARA_DATABASE_URL').valueFrom.secretKeyRef.key = 'url'; } },
  { name: 'Secret that nobody creates', want: /Secret 'clara-teamtailor' is neither rendered, nor in the Secret template/,
    mutate: (o) => { ctr(o, 'clara-writeback').env.find((e) => e.name === 'CLARA_PARTNER_API_KEY').valueFrom.secretKeyRef.name = 'clara-teamtailor'; } },
  { name: 'ConfigMap key that does not exist', want: /env CLARA_LOG_LEVEL: ConfigMap 'clara-config-\w+' has no key 'LOG_LEVEL'/,
    mutate: (o) => { ctr(o, 'clara-ingest').env.find((e) => e.name === 'CLARA_LOG_LEVEL').valueFrom.configMapKeyRef.key = 'LOG_LEVEL'; } },
  { name: 'two PDBs over one pod', want: /a pod with two PDBs cannot be evicted/,
    mutate: (o) => { delete get(o, 'PodDisruptionBudget', 'clara-screening').spec.selector.matchLabels['clara.ai/pool']; } },
  { name: 'overlapping Deployment selectors', want: /spec.selector also selects the pods of Deployment clara\/clara-writeback-example/,
    mutate: (o) => { const d = deployment(o, 'clara-writeback'); delete d.spec.selector.matchLabels['clara.ai/pool']; } },
  { name: 'tenant still served by the default pool', want: /integration [0-9a-f-]+ has a dedicated pool \(Deployment clara\/clara-screening-example\) but the default pool still serves it/,
    mutate: (o) => { ctr(o, 'clara-screening').env.find((e) => e.name === 'CLARA_EXCLUDE_INTEGRATIONS').value = ''; } },
  { name: 'default KEDA query still counts the tenant', want: /the default pool's queue depth still counts integration/,
    mutate: (o) => { const t = get(o, 'ScaledObject', 'clara-writeback').spec.triggers[0]; t.metadata.query = t.metadata.query.replace(/string_to_array\('[^']*'/, "string_to_array(''"); } },
  { name: 'tenant KEDA query not scoped', want: /ScaledObject clara\/clara-screening-example: the query is not scoped/,
    mutate: (o) => { const t = get(o, 'ScaledObject', 'clara-screening-example').spec.triggers[0]; t.metadata.query = t.metadata.query.replace(/ AND integration_id = .*$/, ''); } },
  { name: 'scale target missing', want: /scale target Deployment 'clara-screening-exmaple' is not rendered/,
    mutate: (o) => { get(o, 'ScaledObject', 'clara-screening-example').spec.scaleTargetRef.name = 'clara-screening-exmaple'; } },
  { name: 'KEDA field of the wrong type', want: /schema: ScaledObject clara\/clara-writeback: \/spec\/minReplicaCount must be integer/,
    mutate: (o) => { get(o, 'ScaledObject', 'clara-writeback').spec.minReplicaCount = 'two'; } },
  { name: 'CloudNativePG field of the wrong type', want: /schema: Cluster clara\/clara-pg: \/spec\/instances must be integer/,
    mutate: (o) => { get(o, 'Cluster', 'clara-pg').spec.instances = '3'; } },
  { name: 'NetworkPolicy on a port the pods lack', want: /NetworkPolicy clara\/clara-ingest-ingress: ingress port 'grpcs'/,
    mutate: (o) => { get(o, 'NetworkPolicy', 'clara-ingest-ingress').spec.ingress[1].ports[0].port = 'grpcs'; } },
  { name: 'Ingress to a missing Service port', want: /backend port "web" is not a port of Service clara-ingest/,
    mutate: (o) => { get(o, 'Ingress', 'clara-ingest').spec.rules[0].http.paths[0].backend.service.port = { name: 'web' }; } },
  { name: 'images of two releases', want: /the clara images carry different versions/,
    mutate: (o) => { ctr(o, 'clara-writeback').image = 'ghcr.io/clara-ai/clara-writeback:0.2.0'; } },
  { name: 'an object no schema knows', want: /no schema for apiVersion 'example.com\/v1' kind 'Widget'/,
    mutate: (o) => { o.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }); } },
  { name: 'an invalid object name', want: /\/metadata\/name 'Clara_Ingest' is not a DNS-1123 label/,
    mutate: (o) => { get(o, 'Service', 'clara-ingest').metadata.name = 'Clara_Ingest'; } },
];

for (const c of kCases) {
  test(`rejects: ${c.name}`, async () => {
    const objects = structuredClone(pristine);
    c.mutate(objects);
    const findings = await checkObjects(objects);
    assert.ok(findings.some((f) => c.want.test(f)), `no finding matches ${c.want}; got:\n${findings.join('\n')}`);
  });
}

const cli = (...args) => spawnSync(process.execPath, [path.join(here, 'validate.mjs'), ...args], { encoding: 'utf8', env: process.env });

test('validate.mjs rejects the broken fixture overlay, naming each defect', () => {
  const r = cli(path.join(here, 'fixtures/broken-overlay'));
  assert.equal(r.status, 1, r.stdout + r.stderr);
  for (const want of [
    /container ingest: no livenessProbe/,
    /image 'ghcr.io\/clara-ai\/clara-ingest:latest' uses :latest/,
    /readinessProbe httpGet targets port "admin"/,
    /schema: Deployment clara\/clara-ingest: \/spec\/replicas must be integer/,
    /Service clara\/clara-writeback: port grpc: targetPort "grpc-web" is not a container port/,
  ]) {
    assert.match(r.stdout, want);
  }
});

test('validate.mjs accepts the shipped overlays', () => {
  const r = cli();
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /ok {3}.*overlays\/prod \(/);
});
