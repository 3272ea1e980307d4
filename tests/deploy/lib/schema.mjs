// Offline schema validation of rendered Kubernetes objects.
//
// Each object is constructed with its model class from the kubernetes-models
// packages (core API, and the KEDA, Prometheus Operator and CloudNativePG CRDs)
// and validated with .validate(), the OpenAPI schema of the API server. On top:
//  - unknown fields: the models' validators ignore fields they do not know (a
//    typo like `readinesProbe` passes), while `kubectl apply` with server-side
//    field validation rejects them. We re-run the same validator on a proxy that
//    records which properties it reads: a property of an object the validator
//    inspected, that it never read, is not in the schema.
//  - the few API-server rules the OpenAPI schema does not carry (name formats,
//    label syntax, port names, resource quantities).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { importTool, nodeModules } from './env.mjs';

const kCrdPackages = {
  'keda.sh': '@kubernetes-models/keda/keda.sh',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator/monitoring.coreos.com',
  'postgresql.cnpg.io': '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io',
};

const modelCache = new Map();

// The model class of apiVersion/kind, or null when no package describes it.
export async function modelFor(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (modelCache.has(key)) return modelCache.get(key);
  let model = null;
  if (typeof apiVersion === 'string' && typeof kind === 'string' && /^[A-Za-z0-9]+$/.test(kind)) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const rel = group === ''
      ? `kubernetes-models/${version}/${kind}.js`
      : `${kCrdPackages[group] ?? `kubernetes-models/${group}`}/${version}/${kind}.js`;
    if (existsSync(path.join(nodeModules, rel))) {
      const mod = await importTool(rel);
      const cls = mod[kind];
      // Guard against non-top-level models (v1/Container.js has no kind).
      if (cls && cls.kind === kind && cls.apiVersion === apiVersion) model = cls;
    }
  }
  modelCache.set(key, model);
  return model;
}

// Runs the model's validator on a recording proxy of `data`; returns the JSON
// pointers of properties the schema does not define.
function unknownFields(Model, data) {
  const reads = new WeakMap(); // target -> Set of property names read
  const proxies = new WeakMap();
  const wrap = (value) => {
    if (value === null || typeof value !== 'object') return value;
    if (proxies.has(value)) return proxies.get(value);
    const seen = new Set();
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return v;
        seen.add(key);
        reads.set(target, seen);
        return Object.prototype.hasOwnProperty.call(target, key) ? wrap(v) : v;
      },
      ownKeys(target) {
        // Iterating over the keys (maps, additionalProperties) reads them all.
        for (const k of Reflect.ownKeys(target)) if (typeof k === 'string') seen.add(k);
        reads.set(target, seen);
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  try {
    Model.prototype.validate.call(wrap(data));
  } catch {
    // Schema errors are reported by the plain validation.
  }
  const unknown = [];
  const walk = (value, pointer) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${pointer}/${i}`));
      return;
    }
    const seen = reads.get(value);
    for (const k of Object.keys(value)) {
      // An object the validator never looked into is free-form (no schema).
      if (seen && !seen.has(k)) unknown.push(`${pointer}/${k}`);
      else walk(value[k], `${pointer}/${k}`);
    }
  };
  walk(data, '');
  return unknown;
}

const kDns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const kDns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const kLabelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const kLabelName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const kQuantity = /^[+-]?(\d+\.?\d*|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;
// Kinds whose name becomes a DNS label (Service host names, Job pod labels).
const kLabelNamedKinds = new Set(['Service', 'Namespace', 'Job']);

function podSpecOf(obj) {
  switch (obj.kind) {
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job':
      return obj.spec?.template?.spec;
    case 'CronJob': return obj.spec?.jobTemplate?.spec?.template?.spec;
    case 'Pod': return obj.spec;
    default: return undefined;
  }
}

function labelErrors(labels, where) {
  const errors = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    const [prefix, name] = k.includes('/') ? k.split('/', 2) : [null, k];
    if ((prefix !== null && !kDns1123Subdomain.test(prefix)) || !kLabelName.test(name) || name.length > 63) {
      errors.push(`${where}: invalid label key '${k}'`);
    }
    if (typeof v !== 'string' || v.length > 63 || !kLabelValue.test(v)) {
      errors.push(`${where}: invalid label value ${JSON.stringify(v)} for '${k}'`);
    }
  }
  return errors;
}

function apiServerRules(obj) {
  const errors = [];
  const name = obj.metadata?.name;
  if (typeof name !== 'string' || !name) {
    errors.push('/metadata/name is required');
  } else if (kLabelNamedKinds.has(obj.kind)) {
    if (!kDns1123Label.test(name) && !(obj.kind === 'Job' && kDns1123Subdomain.test(name))) {
      errors.push(`/metadata/name '${name}' is not a DNS-1123 label`);
    }
    if (name.length > 63) errors.push(`/metadata/name '${name}' is longer than 63 characters`);
    if (obj.kind === 'Service' && !/^[a-z]/.test(name)) errors.push(`/metadata/name '${name}' must start with a letter`);
  } else if (!kDns1123Subdomain.test(name) || name.length > 253) {
    errors.push(`/metadata/name '${name}' is not a DNS-1123 subdomain`);
  }
  errors.push(...labelErrors(obj.metadata?.labels, '/metadata/labels'));
  const pod = podSpecOf(obj);
  if (pod) {
    const tmpl = obj.kind === 'CronJob' ? obj.spec?.jobTemplate?.spec?.template : obj.spec?.template;
    errors.push(...labelErrors(tmpl?.metadata?.labels, 'pod template labels'));
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      if (!kDns1123Label.test(c.name ?? '')) errors.push(`container name '${c.name}' is not a DNS-1123 label`);
      for (const p of c.ports ?? []) {
        if (p.name !== undefined && !(p.name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(p.name) &&
            /[a-z]/.test(p.name) && !p.name.includes('--'))) {
          errors.push(`container ${c.name}: port name '${p.name}' is not an IANA service name`);
        }
      }
      for (const kind of ['requests', 'limits']) {
        for (const [res, q] of Object.entries(c.resources?.[kind] ?? {})) {
          if (!kQuantity.test(String(q))) errors.push(`container ${c.name}: ${kind}.${res} '${q}' is not a quantity`);
        }
      }
    }
  }
  return errors;
}

// Returns the problems of one object as strings ("" prefix-free JSON pointers
// or rule messages); an empty array means valid.
export async function validateObject(obj) {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return ['not an object'];
  const Model = await modelFor(obj.apiVersion, obj.kind);
  if (!Model) return [`no schema for apiVersion '${obj.apiVersion}' kind '${obj.kind}'`];
  // kustomize folds long base64 Secret data over several lines; the API server
  // decodes with Go's base64, which skips \r and \n, the model's format does not.
  if (obj.kind === 'Secret' && obj.data && typeof obj.data === 'object') {
    const data = Object.fromEntries(Object.entries(obj.data)
      .map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[\r\n]/g, '') : v]));
    obj = { ...obj, data };
  }
  const errors = [];
  try {
    new Model(obj).validate();
  } catch (e) {
    const list = Array.isArray(e.errors) ? e.errors : [];
    if (list.length === 0) errors.push(String(e.message ?? e));
    for (const err of list) {
      const extra = err.params?.missingProperty ? ` '${err.params.missingProperty}'`
        : err.params?.allowedValues ? ` ${JSON.stringify(err.params.allowedValues)}` : '';
      errors.push(`${err.instancePath || '/'} ${err.message ?? err.keyword}${extra}`);
    }
  }
  for (const pointer of unknownFields(Model, obj)) errors.push(`${pointer} is not a field of ${obj.kind}`);
  errors.push(...apiServerRules(obj));
  return errors;
}

// Validates a list of objects; returns [{ object, message }].
export async function validateAll(objects) {
  const findings = [];
  for (const obj of objects) {
    for (const message of await validateObject(obj)) findings.push({ object: obj, message });
  }
  return findings;
}
