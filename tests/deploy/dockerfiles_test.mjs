// deploy_dockerfiles: the Dockerfiles under deploy/docker agree with
// tools/packages.txt (the list tools/setup installs) by the rule written in
// deploy/docker/runtime-packages.txt, and with the Kubernetes manifests.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { binaryDir, dockerDir, k8sDir, kubectl, sourceDir } from './lib/env.mjs';
import {
  checkDockerfile, checkRuntimeMap, exposedPorts, expectedRuntimePackages, parsePackagesTxt, parseRuntimeMap,
} from './lib/dockerfile.mjs';

const kServices = ['ingest', 'screening', 'writeback', 'migrate'];
const packagesText = readFileSync(path.join(sourceDir, 'tools/packages.txt'), 'utf8');
const runtimeText = readFileSync(path.join(dockerDir, 'runtime-packages.txt'), 'utf8');
const packages = parsePackagesTxt(packagesText);
const runtimeMap = parseRuntimeMap(runtimeText);
const dockerfile = (svc) => readFileSync(path.join(dockerDir, `${svc}.Dockerfile`), 'utf8');

test('tools/packages.txt has the sections the rule refers to', () => {
  const sections = new Set(packages.map((p) => p.section));
  assert.ok(sections.has('build'), 'no "# build" section');
  assert.ok(sections.has('libraries (build)'), 'no "# libraries (build)" section');
});

test('runtime-packages.txt names a runtime for every library of tools/packages.txt', () => {
  assert.deepEqual(checkRuntimeMap(packages, runtimeMap), []);
});

test('one Dockerfile per service, and nothing else', () => {
  const files = readdirSync(dockerDir).filter((f) => f.endsWith('.Dockerfile')).sort();
  assert.deepEqual(files, kServices.map((s) => `${s}.Dockerfile`).sort());
});

for (const svc of kServices) {
  test(`${svc}.Dockerfile agrees with tools/packages.txt and runtime-packages.txt`, () => {
    assert.deepEqual(checkDockerfile(dockerfile(svc), svc, packages, runtimeMap), []);
  });

  test(`${svc}.Dockerfile.dockerignore keeps build trees, node_modules and .git out`, () => {
    const file = path.join(dockerDir, `${svc}.Dockerfile.dockerignore`);
    assert.ok(existsSync(file), `${file} missing`);
    const lines = readFileSync(file, 'utf8').split('\n').map((l) => l.trim());
    for (const want of ['.git', 'build', 'tools/node_modules']) assert.ok(lines.includes(want), `${want} not ignored`);
  });
}

// The agreement check must be able to fail: feed it broken variants.
test('the agreement check reports drift between a Dockerfile and the lists', () => {
  const good = dockerfile('screening');
  const cases = [
    { what: 'a build package not in packages.txt', text: good.replace('libhpdf-dev', 'libhpdf-dev libfoo-dev'), want: /libfoo-dev, which tools\/packages.txt does not list/ },
    { what: 'a library -dev missing from the build stage', text: good.replace(' libpqxx-dev', ''), want: /build stage misses libpqxx-dev/ },
    { what: 'a test tool in the build stage', text: good.replace('libhpdf-dev', 'libhpdf-dev postgresql'), want: /postgresql, a test\/benchmark tool/ },
    { what: 'a runtime library missing', text: good.replace(' libpq5', ''), want: /runtime stage misses libpq5/ },
    { what: 'a -dev package at runtime', text: good.replace('ca-certificates', 'ca-certificates libpqxx-dev'), want: /runtime stage installs the build package libpqxx-dev/ },
    { what: 'root at runtime', text: good.replace('USER 10001:10001', 'USER root'), want: /USER is root/ },
    { what: 'a shell-form entrypoint', text: good.replace('ENTRYPOINT ["/usr/local/bin/clara-screening"]', 'ENTRYPOINT /usr/local/bin/clara-screening'), want: /ENTRYPOINT must be the exec form/ },
    { what: 'another target', text: good.replace('--target clara-screening', '--target clara-writeback'), want: /does not build the target clara-screening/ },
    { what: 'a non-Debian base', text: good.replace('ARG DEBIAN_IMAGE=debian:bookworm-slim', 'ARG DEBIAN_IMAGE=ubuntu:24.04'), want: /is not Debian bookworm/ },
  ];
  for (const c of cases) {
    const problems = checkDockerfile(c.text, 'screening', packages, runtimeMap);
    assert.ok(problems.some((p) => c.want.test(p)), `${c.what}: not reported; got ${JSON.stringify(problems)}`);
  }
  const migrateWithoutSql = dockerfile('migrate').replace(/^COPY deploy\/postgres\/migrations.*$/m, '');
  assert.ok(checkDockerfile(migrateWithoutSql, 'migrate', packages, runtimeMap).some((p) => /ship deploy\/postgres\/migrations/.test(p)));
  const ingestWithoutHelper = dockerfile('ingest').replace(/^COPY --from=build \/out\/bin\/clara-pdf-text.*$/m, '');
  assert.ok(checkDockerfile(ingestWithoutHelper, 'ingest', packages, runtimeMap).some((p) => /PDF text helper/.test(p)));
  const ingestNotBuildingHelper = dockerfile('ingest').replace('--target clara-ingest clara-pdf-text', '--target clara-ingest');
  assert.ok(checkDockerfile(ingestNotBuildingHelper, 'ingest', packages, runtimeMap).some((p) => /does not build the target clara-pdf-text/.test(p)));
  const newLib = parsePackagesTxt(packagesText.replace('libhpdf-dev', 'libhpdf-dev\nlibyaml-cpp-dev'));
  assert.ok(checkRuntimeMap(newLib, runtimeMap).some((p) => /no line for libyaml-cpp-dev/.test(p)));
  assert.ok(checkDockerfile(good, 'screening', newLib, runtimeMap).some((p) => /misses libyaml-cpp-dev/.test(p)));
});

// On Debian 12 (this machine image and the images' base), every runtime
// package name must be a real package: tools/setup installed them as
// dependencies of the -dev packages.
const isBookworm = existsSync('/etc/debian_version') && /^12\./.test(readFileSync('/etc/debian_version', 'utf8'));
const hasDpkg = spawnSync('dpkg-query', ['--version']).status === 0;
test('the runtime packages exist in Debian 12', { skip: !(isBookworm && hasDpkg) && 'not Debian 12 with dpkg' }, () => {
  const missing = expectedRuntimePackages(runtimeMap).filter((p) =>
    !/install ok installed/.test(spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).stdout));
  assert.deepEqual(missing, [], 'not installed here (typo, or not a bookworm package name?)');
});

// When the binaries are built, every shared library they need must come from a
// package the runtime stage installs (or one those depend on).
function findBinaries() {
  const found = new Map();
  const walk = (dir, depth) => {
    if (depth > 5 || !existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'CMakeFiles') walk(path.join(dir, e.name), depth + 1);
      else if (e.isFile() && [...kServices, 'pdf-text'].some((s) => e.name === `clara-${s}`)) {
        const file = path.join(dir, e.name);
        if (statSync(file).mode & 0o111) found.set(e.name, file);
      }
    }
  };
  walk(binaryDir, 0);
  return found;
}

function dependencyClosure(roots) {
  const seen = new Set(roots);
  const queue = [...roots];
  while (queue.length) {
    const pkg = queue.pop();
    const r = spawnSync('dpkg-query', ['-W', '-f=${Depends}, ${Pre-Depends}, ${Provides}', pkg], { encoding: 'utf8' });
    for (const alt of r.stdout.split(/[,|]/)) {
      const name = alt.trim().replace(/\s*\(.*\)$/, '').replace(/:any$/, '');
      if (name && !seen.has(name)) { seen.add(name); queue.push(name); }
    }
  }
  return seen;
}

const binaries = hasDpkg ? findBinaries() : new Map();
test('the built binaries need only libraries of the runtime stage',
  { skip: binaries.size === 0 && `no clara-* binaries under ${binaryDir} (build them to run this check)` }, () => {
    // debian:bookworm-slim has these already.
    const closure = dependencyClosure([...expectedRuntimePackages(runtimeMap), 'libc6', 'libgcc-s1', 'libstdc++6']);
    const needed = [];
    for (const [name, file] of binaries) {
      const r = spawnSync('readelf', ['-d', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, `readelf ${file}: ${r.stderr}`);
      for (const m of r.stdout.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)) needed.push([name, m[1]]);
    }
    // soname -> file via the loader cache, file -> package with one exact
    // dpkg-query (a wildcard search reads every file list once per pattern).
    const sonames = [...new Set(needed.map(([, so]) => so))];
    const ldconfig = ['ldconfig', '/sbin/ldconfig', '/usr/sbin/ldconfig']
      .map((cmd) => spawnSync(cmd, ['-p'], { encoding: 'utf8' })).find((r) => r.status === 0);
    assert.ok(ldconfig, 'ldconfig -p failed');
    const files = new Set();
    for (const m of ldconfig.stdout.matchAll(/^\s*(\S+) \(([^)]*)\) => (\S+)$/gm)) {
      if (!sonames.includes(m[1])) continue;
      // Merged /usr: dpkg knows one of /lib/... and /usr/lib/...
      files.add(m[3]);
      files.add(m[3].startsWith('/usr/') ? m[3].slice(4) : `/usr${m[3]}`);
    }
    const ownersOf = new Map(sonames.map((so) => [so, []]));
    const listing = spawnSync('dpkg-query', ['-S', ...files], { encoding: 'utf8', maxBuffer: 16 << 20 }).stdout;
    for (const line of listing.split('\n')) {
      const m = /^(.+?): (\S+)$/.exec(line.trim());
      if (!m) continue;
      const so = path.basename(m[2]);
      if (ownersOf.has(so)) ownersOf.get(so).push(...m[1].split(',').map((p) => p.trim().replace(/:[a-z0-9]+$/, '')));
    }
    const problems = [];
    for (const [name, so] of needed) {
      const owners = ownersOf.get(so);
      if (owners.length === 0) problems.push(`${name}: ${so} is not from a Debian package`);
      else if (!owners.some((o) => closure.has(o))) problems.push(`${name}: ${so} (${owners.join(', ')}) is not installed by the runtime stage`);
    }
    assert.deepEqual(problems, []);
  });

// The images the manifests run are the ones these Dockerfiles build, with the
// ports they expose.
const { status: kubectlStatus } = spawnSync(kubectl, ['version', '--client'], { encoding: 'utf8' });
test('the manifests run these images on the ports they expose', { skip: kubectlStatus !== 0 && 'kubectl missing' }, async () => {
  const { render } = await import('./lib/render.mjs');
  const { objects, error } = render(path.join(k8sDir, 'base'));
  assert.equal(error, null);
  for (const svc of kServices) {
    const image = `ghcr.io/clara-ai/clara-${svc}`;
    const pods = objects.filter((o) => o.spec?.template?.spec?.containers?.some((c) => c.image.startsWith(`${image}:`)));
    assert.ok(pods.length > 0, `no workload runs ${image}`);
    for (const pod of pods) {
      const c = pod.spec.template.spec.containers.find((x) => x.image.startsWith(`${image}:`));
      const declared = (c.ports ?? []).map((p) => p.containerPort).sort();
      assert.deepEqual(declared, exposedPorts(dockerfile(svc)).sort(), `${pod.kind} ${pod.metadata.name}: containerPorts vs EXPOSE`);
    }
  }
});
