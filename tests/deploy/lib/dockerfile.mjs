// Reads tools/packages.txt, deploy/docker/runtime-packages.txt and the
// Dockerfiles, and checks that they agree (the rule is written at the top of
// deploy/docker/runtime-packages.txt).

// tools/packages.txt: [{ name, section }]; a comment line names the section of
// the packages below it ("# libraries (build)" -> "libraries (build)").
export function parsePackagesTxt(text) {
  const out = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      section = line.replace(/^#+\s*/, '');
      continue;
    }
    out.push({ name: line.split(/\s+/)[0], section });
  }
  return out;
}

// runtime-packages.txt: Map(build package -> [runtime packages]) ("-" -> []).
export function parseRuntimeMap(text) {
  const map = new Map();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [key, ...rest] = line.split(/\s+/);
    if (map.has(key)) throw new Error(`runtime-packages.txt: ${key} listed twice`);
    map.set(key, rest.length === 1 && rest[0] === '-' ? [] : rest);
  }
  return map;
}

// A Dockerfile as instructions with continuation lines joined:
// { stages: [{ from, name, instructions: [{ op, args }] }], args: Map }.
export function parseDockerfile(text) {
  const logical = [];
  let current = '';
  for (const raw of text.split('\n')) {
    if (/^\s*#/.test(raw) && current === '') continue;
    if (/^\s*#/.test(raw)) continue; // comment inside a continuation
    const line = raw.replace(/\s+$/, '');
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim()) logical.push(current.trim());
    current = '';
  }
  if (current.trim()) logical.push(current.trim());

  const globalArgs = new Map();
  const stages = [];
  for (const l of logical) {
    const m = /^(\S+)\s*(.*)$/.exec(l);
    const op = m[1].toUpperCase();
    const args = m[2];
    if (op === 'FROM') {
      const fm = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: fm?.[1] ?? args, name: fm?.[2] ?? null, instructions: [] });
    } else if (stages.length === 0) {
      if (op === 'ARG') {
        const [k, v] = args.split('=');
        globalArgs.set(k.trim(), v?.trim());
      }
    } else {
      stages.at(-1).instructions.push({ op, args });
    }
  }
  return { stages, args: globalArgs };
}

// The packages of every `apt-get install` in a stage.
export function aptPackages(stage) {
  const pkgs = [];
  for (const ins of stage.instructions.filter((i) => i.op === 'RUN')) {
    for (const cmd of ins.args.split(/&&|;|\|\|/)) {
      const m = /\bapt-get\s+(?:\S+\s+)*?install\b(.*)$/.exec(cmd.trim());
      if (!m) continue;
      for (const tok of m[1].trim().split(/\s+/)) {
        if (tok && !tok.startsWith('-')) pkgs.push(tok);
      }
    }
  }
  return pkgs;
}

// What the build stage must install: the "build" and "libraries (build)"
// sections, plus every -dev package of any section.
export function expectedBuildPackages(packages) {
  return packages
    .filter((p) => p.section === 'build' || p.section === 'libraries (build)' || p.name.endsWith('-dev'))
    .map((p) => p.name);
}

// The build packages that need a line in runtime-packages.txt.
export function libraryPackages(packages) {
  return packages
    .filter((p) => p.section === 'libraries (build)' || p.name.endsWith('-dev'))
    .map((p) => p.name);
}

export function expectedRuntimePackages(runtimeMap) {
  return [...new Set([...runtimeMap.values()].flat())];
}

function setDiff(a, b) {
  const bs = new Set(b);
  return [...new Set(a)].filter((x) => !bs.has(x));
}

// Checks one Dockerfile against the package lists; returns problem strings.
//   svc: ingest | screening | writeback | migrate
export function checkDockerfile(text, svc, packages, runtimeMap) {
  const problems = [];
  const target = `clara-${svc}`;
  const { stages, args } = parseDockerfile(text);
  if (stages.length !== 2) {
    problems.push(`expected 2 stages (build, runtime), found ${stages.length}`);
    if (stages.length < 2) return problems;
  }
  const [build, runtime] = [stages[0], stages.at(-1)];
  const resolveFrom = (from) => from.replace(/\$\{?(\w+)\}?/g, (_, k) => args.get(k) ?? '');
  for (const st of [build, runtime]) {
    const image = resolveFrom(st.from);
    if (!/^debian:(bookworm|12)([-.@:]|$)/.test(image)) problems.push(`stage FROM ${st.from} (${image}) is not Debian bookworm`);
  }
  if (build.name !== 'build') problems.push('the first stage must be named "build"');

  // Build stage vs tools/packages.txt.
  const buildPkgs = aptPackages(build);
  const known = new Set(packages.map((p) => p.name));
  for (const p of buildPkgs) if (!known.has(p)) problems.push(`build stage installs ${p}, which tools/packages.txt does not list`);
  for (const p of setDiff(expectedBuildPackages(packages), buildPkgs)) problems.push(`build stage misses ${p} (tools/packages.txt)`);
  for (const p of setDiff(buildPkgs, expectedBuildPackages(packages))) {
    if (known.has(p)) problems.push(`build stage installs ${p}, a test/benchmark tool the build does not need`);
  }
  const buildRuns = build.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');
  if (!/cmake\b[^\n]*-G\s*Ninja/.test(buildRuns)) problems.push('build stage does not configure with cmake -G Ninja');
  if (!new RegExp(`cmake --build \\S+ --target ${target}\\b`).test(buildRuns)) problems.push(`build stage does not build the target ${target}`);

  // Runtime stage vs runtime-packages.txt.
  const runtimePkgs = aptPackages(runtime);
  const expected = expectedRuntimePackages(runtimeMap);
  for (const p of setDiff(runtimePkgs, expected)) problems.push(`runtime stage installs ${p}, which runtime-packages.txt does not name`);
  for (const p of setDiff(expected, runtimePkgs)) problems.push(`runtime stage misses ${p} (runtime-packages.txt)`);
  for (const p of runtimePkgs) {
    if (/-dev$/.test(p) || known.has(p)) problems.push(`runtime stage installs the build package ${p}`);
  }
  const rt = runtime.instructions;
  const user = rt.filter((i) => i.op === 'USER').at(-1)?.args;
  if (!user || !/^10001(:10001)?$/.test(user)) problems.push(`runtime USER is ${user ?? 'unset'}, expected numeric 10001`);
  const binary = `/usr/local/bin/${target}`;
  if (!rt.some((i) => i.op === 'COPY' && i.args.includes('--from=build') && i.args.trim().endsWith(binary))) {
    problems.push(`runtime stage does not COPY --from=build the binary to ${binary}`);
  }
  const entry = rt.filter((i) => i.op === 'ENTRYPOINT').at(-1)?.args;
  let entryArgs = null;
  try { entryArgs = JSON.parse(entry ?? ''); } catch { /* below */ }
  if (!Array.isArray(entryArgs) || entryArgs[0] !== binary) {
    problems.push(`ENTRYPOINT must be the exec form ["${binary}", ...] (no shell at runtime), got ${entry}`);
  }
  // clara-ingest reads résumé PDFs only through its helper (services/ingest/pdf_sandbox.h),
  // which it looks for beside itself.
  if (svc === 'ingest') {
    if (!/cmake --build \S+ --target [^\n&]*\bclara-pdf-text\b/.test(buildRuns)) problems.push('build stage does not build the target clara-pdf-text');
    if (!rt.some((i) => i.op === 'COPY' && i.args.includes('--from=build') && i.args.trim().endsWith('/usr/local/bin/clara-pdf-text'))) {
      problems.push('the ingest image must ship the PDF text helper at /usr/local/bin/clara-pdf-text (beside clara-ingest)');
    }
  }
  if (svc === 'migrate' && !rt.some((i) => i.op === 'COPY' && /deploy\/postgres\/migrations\/?\s+\/usr\/share\/clara\/migrations\/?$/.test(i.args))) {
    problems.push('the migrate image must ship deploy/postgres/migrations at /usr/share/clara/migrations');
  }
  return problems;
}

// Checks runtime-packages.txt against tools/packages.txt.
export function checkRuntimeMap(packages, runtimeMap) {
  const problems = [];
  const names = new Set(packages.map((p) => p.name));
  for (const p of libraryPackages(packages)) {
    if (!runtimeMap.has(p)) problems.push(`runtime-packages.txt has no line for ${p} (tools/packages.txt)`);
  }
  for (const key of runtimeMap.keys()) {
    if (key !== 'runtime-only' && !names.has(key)) problems.push(`runtime-packages.txt maps ${key}, which tools/packages.txt does not list`);
  }
  return problems;
}

// The EXPOSE ports of a Dockerfile's last stage.
export function exposedPorts(text) {
  const { stages } = parseDockerfile(text);
  return stages.at(-1)?.instructions.filter((i) => i.op === 'EXPOSE')
    .flatMap((i) => i.args.split(/\s+/).map((p) => Number(p.split('/')[0]))) ?? [];
}
