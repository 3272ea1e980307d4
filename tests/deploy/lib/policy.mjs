// The deployment policy of clara-teamtailor, checked on rendered manifests.
//
// checkPolicy(objects, { externalSecrets }) returns [{ object, message }], one
// entry per violation; [] means the set complies. The rules:
//  - containers: readiness and liveness probes (long-running workloads), cpu and
//    memory requests and limits, runAsNonRoot, readOnlyRootFilesystem,
//    allowPrivilegeEscalation false, capabilities drop ALL, RuntimeDefault
//    seccomp, a pinned image (a tag that is not `latest`, or a digest);
//  - every port a probe, Service, NetworkPolicy, Ingress or ServiceMonitor
//    targets, by name or number, exists where it points;
//  - every clara service pod has its own work-queue lease owner
//    (CLARA_WORKER_ID = pod name);
//  - the services' drain: terminationGracePeriodSeconds >= preStop sleep +
//    CLARA_DRAIN_SECONDS + 5 s;
//  - references resolve: ConfigMap and Secret keys (a Secret may come from the
//    template in deploy/k8s/base or from a CloudNativePG Cluster), service
//    accounts, scale targets, KEDA TriggerAuthentications;
//  - selectors: workloads do not overlap, a pod has at most one PDB, every
//    Service/PDB selects pods;
//  - the PostgreSQL connections of all pods at their maximum scale fit the
//    CloudNativePG Cluster's max_connections;
//  - one release: every ghcr.io/clara-ai image has the same tag, and the
//    migration Job carries it in its name;
//  - tenant pools (components/tenant-worker) and the default pool split the
//    integrations exactly, in the workers' env and in their KEDA queries.
import { describe } from './render.mjs';

const kLongRunning = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const kControllers = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
const kWorkloads = new Set([...kControllers, 'Job', 'CronJob']);
// Keys of the "<cluster>-app" Secret that CloudNativePG creates.
const kCnpgAppKeys = ['username', 'password', 'host', 'port', 'dbname', 'uri', 'jdbc-uri', 'pgpass',
  'fqdn-uri', 'fqdn-jdbc-uri'];
const kDrainMarginSeconds = 5;
const kDefaultDbPoolSize = 8;    // --db_pool_size default (common/service_main.cc)
const kConnectionReserve = 10;

function podTemplate(obj) {
  if (obj.kind === 'CronJob') return obj.spec?.jobTemplate?.spec?.template;
  return kWorkloads.has(obj.kind) ? obj.spec?.template : undefined;
}

function nsOf(obj) {
  return obj.metadata?.namespace ?? '';
}

export function selectorMatches(selector, labels) {
  if (!selector) return false;
  labels = labels ?? {};
  const ml = selector.matchLabels ?? {};
  const exprs = selector.matchExpressions ?? [];
  if (Object.keys(ml).length === 0 && exprs.length === 0) return true;
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  for (const e of exprs) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In': if (!has || !(e.values ?? []).includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && (e.values ?? []).includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

// A Service selector is a plain map.
function mapSelectorMatches(map, labels) {
  return selectorMatches({ matchLabels: map ?? {} }, labels);
}

// Splits an image reference; { tag, digest } are undefined when absent.
export function parseImage(image) {
  const [withoutDigest, digest] = String(image).split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  return {
    name: hasTag ? withoutDigest.slice(0, colon) : withoutDigest,
    tag: hasTag ? withoutDigest.slice(colon + 1) : undefined,
    digest,
  };
}

function portExists(container, port) {
  if (port === undefined || port === null) return false;
  const ports = container.ports ?? [];
  if (typeof port === 'number') return ports.some((p) => p.containerPort === port);
  return ports.some((p) => p.name === port);
}

function anyContainerHasPort(podSpec, port) {
  return (podSpec?.containers ?? []).some((c) => portExists(c, port));
}

function probePorts(handler) {
  const out = [];
  if (!handler) return out;
  if (handler.httpGet) out.push(['httpGet', handler.httpGet.port]);
  if (handler.tcpSocket) out.push(['tcpSocket', handler.tcpSocket.port]);
  if (handler.grpc) out.push(['grpc', handler.grpc.port]);
  return out;
}

export function checkPolicy(objects, { externalSecrets = [] } = {}) {
  const findings = [];
  const report = (object, message) => findings.push({ object, message });
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const find = (kind, name, ns) => objects.find((o) => o.kind === kind && o.metadata?.name === name && nsOf(o) === ns);

  const workloads = objects.filter((o) => kWorkloads.has(o.kind) && podTemplate(o));
  const templates = workloads.map((w) => ({ owner: w, ns: nsOf(w), tmpl: podTemplate(w) }));
  const templatesSelectedBy = (selectorFn, ns) => templates.filter((t) => t.ns === ns && selectorFn(t.tmpl.metadata?.labels));

  // ConfigMap value lookup (for CLARA_DRAIN_SECONDS and CLARA_PUBLIC_BASE_URL).
  const envValue = (container, ns, name) => {
    const e = (container.env ?? []).find((x) => x.name === name);
    if (!e) return undefined;
    if (e.value !== undefined) return e.value;
    const ref = e.valueFrom?.configMapKeyRef;
    if (ref) return find('ConfigMap', ref.name, ns)?.data?.[ref.key];
    return undefined;
  };

  const secretHasKey = (name, key, ns) => {
    const s = find('Secret', name, ns) ?? externalSecrets.find((x) => x.metadata?.name === name);
    if (s) {
      return Object.prototype.hasOwnProperty.call(s.data ?? {}, key) ||
        Object.prototype.hasOwnProperty.call(s.stringData ?? {}, key);
    }
    const cluster = byKind('Cluster').find((c) => c.apiVersion?.startsWith('postgresql.cnpg.io/') &&
      `${c.metadata?.name}-app` === name && nsOf(c) === ns);
    if (cluster) return kCnpgAppKeys.includes(key);
    return null; // no such Secret at all
  };
  const checkSecretRef = (obj, where, name, key) => {
    const has = secretHasKey(name, key, nsOf(obj));
    if (has === null) report(obj, `${where}: Secret '${name}' is neither rendered, nor in the Secret template, nor created by a CloudNativePG Cluster`);
    else if (!has) report(obj, `${where}: Secret '${name}' has no key '${key}'`);
  };

  // ---- containers and pods ----
  for (const { owner, ns, tmpl } of templates) {
    const pod = tmpl.spec ?? {};
    const longRunning = kLongRunning.has(owner.kind);
    const podSec = pod.securityContext ?? {};
    if (pod.serviceAccountName && pod.serviceAccountName !== 'default' && !find('ServiceAccount', pod.serviceAccountName, ns)) {
      report(owner, `serviceAccountName '${pod.serviceAccountName}' is not rendered`);
    }
    const sa = pod.serviceAccountName ? find('ServiceAccount', pod.serviceAccountName, ns) : undefined;
    if ((pod.automountServiceAccountToken ?? sa?.automountServiceAccountToken) !== false) {
      report(owner, 'automountServiceAccountToken must be false (no clara pod talks to the Kubernetes API)');
    }
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) report(owner, 'host namespaces are not allowed');

    const all = [...(pod.initContainers ?? []).map((c) => [c, true]), ...(pod.containers ?? []).map((c) => [c, false])];
    for (const [c, isInit] of all) {
      const where = `container ${c.name}`;
      const sec = c.securityContext ?? {};
      const img = parseImage(c.image ?? '');
      if (!c.image) report(owner, `${where}: no image`);
      else if (!img.digest && !img.tag) report(owner, `${where}: image '${c.image}' has no tag (pin a version)`);
      else if (!img.digest && img.tag === 'latest') report(owner, `${where}: image '${c.image}' uses :latest (pin a version)`);

      for (const kind of ['requests', 'limits']) {
        for (const res of ['cpu', 'memory']) {
          if (c.resources?.[kind]?.[res] === undefined) report(owner, `${where}: no resources.${kind}.${res}`);
        }
      }
      if ((sec.runAsNonRoot ?? podSec.runAsNonRoot) !== true) report(owner, `${where}: runAsNonRoot is not true`);
      if ((sec.runAsUser ?? podSec.runAsUser) === 0) report(owner, `${where}: runs as uid 0`);
      if (sec.readOnlyRootFilesystem !== true) report(owner, `${where}: readOnlyRootFilesystem is not true`);
      if (sec.allowPrivilegeEscalation !== false) report(owner, `${where}: allowPrivilegeEscalation is not false`);
      if (sec.privileged === true) report(owner, `${where}: privileged`);
      if (!(sec.capabilities?.drop ?? []).includes('ALL')) report(owner, `${where}: capabilities.drop does not contain ALL`);
      if ((sec.capabilities?.add ?? []).length) report(owner, `${where}: adds capabilities ${sec.capabilities.add.join(',')}`);
      const seccomp = sec.seccompProfile?.type ?? podSec.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') report(owner, `${where}: seccompProfile is not RuntimeDefault`);

      if (longRunning && !isInit) {
        if (!c.readinessProbe) report(owner, `${where}: no readinessProbe`);
        if (!c.livenessProbe) report(owner, `${where}: no livenessProbe`);
      }
      const handlers = [['startupProbe', c.startupProbe], ['livenessProbe', c.livenessProbe],
        ['readinessProbe', c.readinessProbe], ['preStop', c.lifecycle?.preStop], ['postStart', c.lifecycle?.postStart]];
      for (const [label, handler] of handlers) {
        for (const [type, port] of probePorts(handler)) {
          if (!portExists(c, port)) report(owner, `${where}: ${label} ${type} targets port ${JSON.stringify(port)}, which the container does not declare`);
        }
      }

      for (const e of c.env ?? []) {
        const cm = e.valueFrom?.configMapKeyRef;
        if (cm && !cm.optional) {
          const m = find('ConfigMap', cm.name, ns);
          if (!m) report(owner, `${where}: env ${e.name}: ConfigMap '${cm.name}' is not rendered`);
          else if (!Object.prototype.hasOwnProperty.call(m.data ?? {}, cm.key)) report(owner, `${where}: env ${e.name}: ConfigMap '${cm.name}' has no key '${cm.key}'`);
        }
        const sk = e.valueFrom?.secretKeyRef;
        if (sk && !sk.optional) checkSecretRef(owner, `${where}: env ${e.name}`, sk.name, sk.key);
      }
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef && !from.configMapRef.optional && !find('ConfigMap', from.configMapRef.name, ns)) {
          report(owner, `${where}: envFrom ConfigMap '${from.configMapRef.name}' is not rendered`);
        }
        if (from.secretRef && !from.secretRef.optional && secretHasKey(from.secretRef.name, '', ns) === null) {
          report(owner, `${where}: envFrom Secret '${from.secretRef.name}' does not exist`);
        }
      }

      // Work-item leases name their owner: two pods with one name would take
      // over each other's leases.
      if (longRunning && !isInit && String(c.image).startsWith('ghcr.io/clara-ai/')) {
        const id = (c.env ?? []).find((e) => e.name === 'CLARA_WORKER_ID');
        if (id?.valueFrom?.fieldRef?.fieldPath !== 'metadata.name') {
          report(owner, `${where}: CLARA_WORKER_ID must come from the pod name (fieldRef metadata.name)`);
        }
      }

      // SIGTERM: endpoints drain (preStop), then the service drains.
      const drain = envValue(c, ns, 'CLARA_DRAIN_SECONDS');
      if (longRunning && !isInit && drain !== undefined) {
        const drainSeconds = Number(drain);
        const sleep = c.lifecycle?.preStop?.sleep?.seconds;
        const grace = pod.terminationGracePeriodSeconds ?? 30;
        if (!Number.isFinite(drainSeconds)) report(owner, `${where}: CLARA_DRAIN_SECONDS '${drain}' is not a number`);
        else if (sleep === undefined) report(owner, `${where}: no lifecycle.preStop.sleep (endpoints must drain before SIGTERM)`);
        else if (grace < sleep + drainSeconds + kDrainMarginSeconds) {
          report(owner, `${where}: terminationGracePeriodSeconds ${grace} < preStop ${sleep} + CLARA_DRAIN_SECONDS ${drainSeconds} + ${kDrainMarginSeconds}`);
        }
      }
    }
  }

  // ---- selectors ----
  for (const w of workloads.filter((x) => kControllers.has(x.kind))) {
    if (!selectorMatches(w.spec?.selector, podTemplate(w)?.metadata?.labels)) {
      report(w, 'spec.selector does not match its own pod template labels');
    }
    for (const other of workloads.filter((x) => kControllers.has(x.kind) && x !== w && nsOf(x) === nsOf(w))) {
      if (selectorMatches(w.spec?.selector, podTemplate(other)?.metadata?.labels)) {
        report(w, `spec.selector also selects the pods of ${describe(other)}`);
      }
    }
  }

  for (const svc of byKind('Service')) {
    if (!svc.spec?.selector) continue; // headless/external: nothing to check
    const matched = templatesSelectedBy((l) => mapSelectorMatches(svc.spec.selector, l), nsOf(svc));
    if (matched.length === 0) {
      report(svc, `selector ${JSON.stringify(svc.spec.selector)} selects no pods`);
      continue;
    }
    for (const p of svc.spec.ports ?? []) {
      const target = p.targetPort ?? p.port;
      for (const t of matched) {
        if (!anyContainerHasPort(t.tmpl.spec, target)) {
          report(svc, `port ${p.name ?? p.port}: targetPort ${JSON.stringify(target)} is not a container port of ${describe(t.owner)}`);
        }
      }
    }
  }

  const pdbOf = new Map();
  for (const pdb of byKind('PodDisruptionBudget')) {
    const matched = templatesSelectedBy((l) => selectorMatches(pdb.spec?.selector, l), nsOf(pdb));
    if (matched.length === 0) report(pdb, 'selector selects no pods');
    for (const t of matched) {
      if (pdbOf.has(t.owner)) report(pdb, `${describe(t.owner)} is also covered by ${describe(pdbOf.get(t.owner))}: a pod with two PDBs cannot be evicted`);
      else pdbOf.set(t.owner, pdb);
    }
  }

  for (const np of byKind('NetworkPolicy')) {
    const matched = templatesSelectedBy((l) => selectorMatches(np.spec?.podSelector ?? {}, l), nsOf(np));
    for (const rule of np.spec?.ingress ?? []) {
      for (const p of rule.ports ?? []) {
        if (typeof p.port !== 'string') continue;
        for (const t of matched) {
          if (!anyContainerHasPort(t.tmpl.spec, p.port)) {
            report(np, `ingress port '${p.port}' is not a container port of ${describe(t.owner)}`);
          }
        }
      }
    }
  }

  // ---- routing and monitoring ----
  for (const ing of byKind('Ingress')) {
    for (const rule of ing.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend?.service;
        if (!backend) continue;
        const svc = find('Service', backend.name, nsOf(ing));
        if (!svc) { report(ing, `backend Service '${backend.name}' is not rendered`); continue; }
        const port = backend.port?.name ?? backend.port?.number;
        const ok = (svc.spec?.ports ?? []).some((p) => (typeof port === 'string' ? p.name === port : p.port === port));
        if (!ok) report(ing, `backend port ${JSON.stringify(port)} is not a port of Service ${backend.name}`);
      }
    }
  }
  for (const sm of byKind('ServiceMonitor')) {
    const services = byKind('Service').filter((s) => nsOf(s) === nsOf(sm) && selectorMatches(sm.spec?.selector, s.metadata?.labels));
    if (services.length === 0) report(sm, 'selects no Service');
    for (const ep of sm.spec?.endpoints ?? []) {
      if (ep.port && !services.some((s) => (s.spec?.ports ?? []).some((p) => p.name === ep.port))) {
        report(sm, `endpoint port '${ep.port}' is not a port of any selected Service`);
      }
    }
  }

  // ---- scaling ----
  const scaledBy = new Map();
  const scalers = [
    ...byKind('HorizontalPodAutoscaler').map((h) => [h, h.spec?.scaleTargetRef?.kind ?? 'Deployment', h.spec?.scaleTargetRef?.name]),
    ...byKind('ScaledObject').map((s) => [s, s.spec?.scaleTargetRef?.kind ?? 'Deployment', s.spec?.scaleTargetRef?.name]),
  ];
  for (const [scaler, kind, name] of scalers) {
    const target = find(kind, name, nsOf(scaler));
    if (!target) { report(scaler, `scale target ${kind} '${name}' is not rendered`); continue; }
    if (scaledBy.has(target)) report(scaler, `${describe(target)} is also scaled by ${describe(scaledBy.get(target))}`);
    scaledBy.set(target, scaler);
    if (target.spec?.replicas !== undefined) {
      report(target, `sets spec.replicas although ${describe(scaler)} owns the replica count`);
    }
  }
  for (const so of byKind('ScaledObject')) {
    const min = so.spec?.minReplicaCount ?? 0;
    const max = so.spec?.maxReplicaCount ?? 100;
    if (min > max) report(so, `minReplicaCount ${min} > maxReplicaCount ${max}`);
    for (const [i, trig] of (so.spec?.triggers ?? []).entries()) {
      const ref = trig.authenticationRef;
      if (ref && (ref.kind ?? 'TriggerAuthentication') === 'TriggerAuthentication' && !find('TriggerAuthentication', ref.name, nsOf(so))) {
        report(so, `trigger ${i}: TriggerAuthentication '${ref.name}' is not rendered`);
      }
      if (trig.type === 'postgresql') {
        const q = trig.metadata?.query ?? '';
        if (!/\bFROM work_items\b/.test(q)) report(so, `trigger ${i}: the postgresql query does not read work_items`);
        if (!/^\d+(\.\d+)?$/.test(String(trig.metadata?.targetQueryValue ?? ''))) report(so, `trigger ${i}: targetQueryValue is not a number`);
        if ((q.match(/'/g) ?? []).length % 2 !== 0) report(so, `trigger ${i}: unbalanced quotes in the query`);
      }
    }
  }
  for (const ta of byKind('TriggerAuthentication')) {
    for (const ref of ta.spec?.secretTargetRef ?? []) checkSecretRef(ta, `secretTargetRef ${ref.parameter}`, ref.name, ref.key);
  }
  if (byKind('ScaledObject').length > 0) {
    for (const d of byKind('Deployment').filter((x) => x.metadata?.labels?.['clara.ai/pool'])) {
      if (!scaledBy.has(d)) report(d, 'a worker pool without a ScaledObject in an overlay that scales with KEDA');
    }
  }

  // ---- CloudNativePG ----
  for (const c of byKind('Cluster').filter((x) => x.apiVersion?.startsWith('postgresql.cnpg.io/'))) {
    const img = parseImage(c.spec?.imageName ?? '');
    if (c.spec?.imageName && !img.digest && (!img.tag || img.tag === 'latest')) report(c, `imageName '${c.spec.imageName}' is not pinned`);
    for (const kind of ['requests', 'limits']) {
      for (const res of ['cpu', 'memory']) {
        if (c.spec?.resources?.[kind]?.[res] === undefined) report(c, `no resources.${kind}.${res}`);
      }
    }
  }

  // ---- PostgreSQL connection budget ----
  // At full scale every db client process holds CLARA_DB_POOL_SIZE (default 8)
  // connections; the sum plus a reserve (superuser, operator, exporter, KEDA)
  // must fit max_connections.
  for (const c of byKind('Cluster').filter((x) => x.apiVersion?.startsWith('postgresql.cnpg.io/'))) {
    const max = Number(c.spec?.postgresql?.parameters?.max_connections ?? 100);
    let total = 0;
    const parts = [];
    for (const { owner, ns, tmpl } of templates) {
      if (ns !== nsOf(c) || tmpl.metadata?.labels?.['clara.ai/db-client'] !== 'true') continue;
      const scaler = scaledBy.get(owner);
      const pods = scaler?.kind === 'HorizontalPodAutoscaler' ? scaler.spec?.maxReplicas
        : scaler?.kind === 'ScaledObject' ? (scaler.spec?.maxReplicaCount ?? 100)
          : owner.kind === 'Job' ? (owner.spec?.parallelism ?? 1) : (owner.spec?.replicas ?? 1);
      for (const container of tmpl.spec?.containers ?? []) {
        const pool = Number(envValue(container, ns, 'CLARA_DB_POOL_SIZE') ?? kDefaultDbPoolSize);
        total += pods * pool;
        parts.push(`${owner.metadata.name} ${pods}x${pool}`);
      }
    }
    if (total + kConnectionReserve > max) {
      report(c, `max_connections ${max} < ${total} (${parts.join(' + ')}) + ${kConnectionReserve} reserved: raise it or lower the scalers' maxima`);
    }
  }

  // ---- one release ----
  const claraImages = [];
  for (const { owner, tmpl } of templates) {
    for (const c of [...(tmpl.spec?.initContainers ?? []), ...(tmpl.spec?.containers ?? [])]) {
      if (String(c.image).startsWith('ghcr.io/clara-ai/')) claraImages.push([owner, c.image, parseImage(c.image)]);
    }
  }
  const tags = new Set(claraImages.map(([, , i]) => i.tag ?? i.digest));
  if (tags.size > 1) {
    for (const [owner, image] of claraImages) report(owner, `image ${image}: the clara images carry different versions (${[...tags].join(', ')})`);
  }
  for (const job of byKind('Job').filter((j) => j.metadata?.labels?.['app.kubernetes.io/name'] === 'clara-migrate')) {
    const image = (job.spec?.template?.spec?.containers ?? []).map((c) => parseImage(c.image))[0];
    if (image?.tag && job.metadata.name !== `clara-migrate-${image.tag}`) {
      report(job, `the migration Job must be named clara-migrate-${image.tag} after its release`);
    }
  }

  // ---- public URL vs Ingress ----
  const ingest = byKind('Deployment').find((d) => d.metadata?.name === 'clara-ingest');
  if (ingest && byKind('Ingress').length > 0) {
    const c = ingest.spec.template.spec.containers.find((x) => x.name === 'ingest') ?? ingest.spec.template.spec.containers[0];
    const url = envValue(c, nsOf(ingest), 'CLARA_PUBLIC_BASE_URL');
    let host = null;
    try { host = new URL(url).host; } catch { report(ingest, `CLARA_PUBLIC_BASE_URL '${url}' is not a URL`); }
    if (host !== null) {
      if (!String(url).startsWith('https://')) report(ingest, `CLARA_PUBLIC_BASE_URL '${url}' is not https`);
      const hosts = byKind('Ingress').flatMap((i) => (i.spec?.rules ?? [])
        .filter((r) => (r.http?.paths ?? []).some((p) => p.backend?.service?.name === 'clara-ingest'))
        .map((r) => r.host));
      if (!hosts.includes(host)) report(ingest, `CLARA_PUBLIC_BASE_URL host '${host}' is not an Ingress host of clara-ingest (${hosts.join(', ')})`);
    }
  }

  // ---- worker pools ----
  const ids = (s) => String(s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const pools = byKind('Deployment').filter((d) => d.metadata?.labels?.['clara.ai/pool']);
  const apps = new Set(pools.map((d) => d.spec?.template?.metadata?.labels?.['app.kubernetes.io/name']));
  for (const app of apps) {
    const ofApp = pools.filter((d) => d.spec?.template?.metadata?.labels?.['app.kubernetes.io/name'] === app);
    const envOf = (d, name) => {
      const c = d.spec.template.spec.containers[0];
      return envValue(c, nsOf(d), name);
    };
    const defaults = ofApp.filter((d) => d.spec.template.metadata.labels['clara.ai/pool'] === 'default');
    if (defaults.length !== 1) {
      for (const d of ofApp) report(d, `${app}: expected exactly one default pool, found ${defaults.length}`);
      continue;
    }
    const def = defaults[0];
    if (ids(envOf(def, 'CLARA_INTEGRATIONS')).length) report(def, 'the default pool must not set CLARA_INTEGRATIONS');
    const excluded = new Set(ids(envOf(def, 'CLARA_EXCLUDE_INTEGRATIONS')));
    const served = new Map();
    for (const d of ofApp.filter((x) => x !== def)) {
      const own = ids(envOf(d, 'CLARA_INTEGRATIONS'));
      if (own.length === 0) report(d, 'a tenant pool must set CLARA_INTEGRATIONS');
      if (ids(envOf(d, 'CLARA_EXCLUDE_INTEGRATIONS')).length) report(d, 'a tenant pool must not set CLARA_EXCLUDE_INTEGRATIONS');
      for (const id of own) {
        if (served.has(id)) report(d, `integration ${id} is also served by ${describe(served.get(id))}`);
        served.set(id, d);
        if (!excluded.has(id)) report(def, `integration ${id} has a dedicated pool (${describe(d)}) but the default pool still serves it`);
      }
      const so = scaledBy.get(d);
      if (so?.kind === 'ScaledObject') {
        for (const trig of so.spec?.triggers ?? []) {
          const q = trig.metadata?.query ?? '';
          if (!own.every((id) => q.includes(`integration_id = '${id}'`))) report(so, `the query is not scoped to integration ${own.join(',')}`);
        }
      }
    }
    for (const id of excluded) {
      if (!served.has(id)) report(def, `integration ${id} is excluded from the default pool but no pool serves it`);
    }
    const so = scaledBy.get(def);
    if (so?.kind === 'ScaledObject') {
      for (const trig of so.spec?.triggers ?? []) {
        const q = trig.metadata?.query ?? '';
        for (const id of excluded) {
          if (!q.includes(id)) report(so, `the default pool's queue depth still counts integration ${id}`);
        }
      }
    }
    const component = def.spec.template.metadata.labels['app.kubernetes.io/component'];
    for (const d of ofApp) {
      const so2 = scaledBy.get(d);
      if (so2?.kind !== 'ScaledObject') continue;
      for (const trig of so2.spec?.triggers ?? []) {
        if (trig.type === 'postgresql' && !String(trig.metadata?.query).includes(`queue = '${component}'`)) {
          report(so2, `the query does not count the '${component}' queue`);
        }
      }
    }
  }

  return findings;
}
