// Render + schema validation + policy for one kustomization: what the tests
// and validate.mjs run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { k8sDir } from './env.mjs';
import { checkPolicy } from './policy.mjs';
import { describe, parseAll, render } from './render.mjs';
import { validateAll } from './schema.mjs';

export const secretTemplatePath = path.join(k8sDir, 'base/secret.template.yaml');

// The Secrets an operator creates by hand (deploy/k8s/base/secret.template.yaml).
export function externalSecrets() {
  return parseAll(readFileSync(secretTemplatePath, 'utf8'));
}

// Validates already-rendered objects; returns findings as "Kind ns/name: message".
export async function checkObjects(objects) {
  const schema = await validateAll(objects);
  const policy = checkPolicy(objects, { externalSecrets: externalSecrets() });
  return [
    ...schema.map((f) => `schema: ${describe(f.object)}: ${f.message}`),
    ...policy.map((f) => `policy: ${describe(f.object)}: ${f.message}`),
  ];
}

// Renders `dir` and checks it; { objects, findings } (a render error is a finding).
export async function checkKustomization(dir) {
  const { objects, error } = render(dir);
  if (error) return { objects, findings: [`render: ${error}`] };
  return { objects, findings: await checkObjects(objects) };
}
