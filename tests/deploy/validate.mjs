#!/usr/bin/env node
// Offline validation of the Kubernetes manifests: renders each kustomization
// with `kubectl kustomize`, validates every object against the Kubernetes
// (and KEDA, Prometheus Operator, CloudNativePG) schemas and checks the
// deployment policy (tests/deploy/lib/policy.mjs).
//
//   node tests/deploy/validate.mjs                     # every deploy/k8s/overlays/*
//   node tests/deploy/validate.mjs deploy/k8s/overlays/prod-acme
//
// Exit status: 0 all valid, 1 findings, 77 tooling missing (run tools/setup).
import path from 'node:path';
import { requireKustomize, requireNodeModules } from './lib/env.mjs';

requireNodeModules();
requireKustomize();
const { overlayDirs } = await import('./lib/render.mjs');
const { checkKustomization } = await import('./lib/check.mjs');

const dirs = process.argv.slice(2).length ? process.argv.slice(2).map((d) => path.resolve(d)) : overlayDirs();
let failed = false;
for (const dir of dirs) {
  const { objects, findings } = await checkKustomization(dir);
  if (findings.length === 0) {
    console.log(`ok   ${dir} (${objects.length} objects)`);
    continue;
  }
  failed = true;
  console.log(`FAIL ${dir}`);
  for (const f of findings) console.log(`  ${f}`);
}
process.exit(failed ? 1 : 0);
