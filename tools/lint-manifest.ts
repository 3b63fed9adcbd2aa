/**
 * `tsx tools/lint-manifest.ts`: the manifest part of `npm run lint`. Exits 1 on any error.
 *
 * 1. @forge/manifest full validation of manifest.yml.
 * 2. @forge/lint's client-side linters, offline, with the local Confluence specs.
 * 3. Handlers exported by src/, module → function/resource references, Custom UI resources.
 * 4. Scopes derived from the Confluence operations src/ calls (see tools/lint/scopes.ts) = permissions.scopes.
 */
import path from 'node:path';
import {
  checkHandlers,
  checkModuleReferences,
  checkResources,
  checkScopes,
  declaredScopes,
  deferUnbuiltResources,
  readManifest,
  runForgeLint,
  shareManifestSchemaCompilation,
  sourceModuleLoader,
  validateManifestFile,
  type AppManifest,
  type Problem,
} from './lint/manifest-checks';
import { deriveScopes, discoverRestCalls, formatOperationTable, loadConfluenceSpecs, specDirectory } from './lint/scopes';

const repoRoot = path.resolve(__dirname, '..');
const manifestPath = path.join(repoRoot, 'manifest.yml');

let errors = 0;
let warnings = 0;

function report(problems: readonly Problem[]): void {
  for (const p of problems) {
    if (p.level === 'error') errors += 1;
    else warnings += 1;
    console.log(`  ${p.level === 'error' ? 'error  ' : 'warning'}  ${p.message}`);
  }
}

async function section(title: string, body: () => Promise<void> | void): Promise<void> {
  const started = Date.now();
  console.log(`\n== ${title}`);
  try {
    await body();
  } catch (e) {
    report([{ level: 'error', message: `check crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` }]);
  }
  console.log(`   (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function main(): Promise<void> {
  process.chdir(repoRoot);
  shareManifestSchemaCompilation();
  const specDir = specDirectory(repoRoot);
  const seen = new Set<string>();
  let manifest: AppManifest | undefined;
  let unreadable = '';
  try {
    manifest = readManifest(manifestPath);
  } catch (e) {
    unreadable = e instanceof Error ? e.message : String(e);
  }

  await section('@forge/manifest: full validation of manifest.yml', async () => {
    const all = await validateManifestFile(manifestPath);
    const { errors: found, unbuilt } = manifest ? deferUnbuiltResources(all, manifest, repoRoot) : { errors: all, unbuilt: [] };
    for (const e of found) seen.add(`${e.line ?? 0}:${e.message}`);
    report(found.map((e) => ({ level: e.level, message: `manifest.yml:${e.line ?? 0}:${e.column ?? 0} ${e.message}${e.reference ? ` (${e.reference})` : ''}` })));
    for (const p of unbuilt) console.log(`  note     ${p} is not built yet (its source exists): run \`npm run build\` before \`forge deploy\``);
  });
  if (!manifest) {
    if (errors === 0) report([{ level: 'error', message: `manifest.yml cannot be read: ${unreadable}` }]);
    console.log(`\nlint-manifest: ${errors} error(s), ${warnings} warning(s); the other checks need a readable manifest`);
    process.exitCode = 1;
    return;
  }

  await section('@forge/lint: client-side linters (offline, local Confluence specs)', async () => {
    const findings = await runForgeLint(repoRoot, manifest, specDir);
    const { errors: kept } = deferUnbuiltResources(
      findings.filter((f) => f.file === 'manifest.yml').map((f) => ({ ...f, level: f.level })),
      manifest,
      repoRoot,
    );
    const keptManifest = new Set(kept.map((f) => `${f.line ?? 0}:${f.message}`));
    report(
      findings
        .filter((f) => f.file !== 'manifest.yml' || (keptManifest.has(`${f.line ?? 0}:${f.message}`) && !seen.has(`${f.line ?? 0}:${f.message}`)))
        .map((f) => ({ level: f.level, message: `${f.file}:${f.line ?? 0}:${f.column ?? 0} ${f.message}${f.reference ? ` (${f.reference})` : ''}` })),
    );
  });

  await section('handlers, resolvers, resources', () => {
    report(checkHandlers(manifest, sourceModuleLoader(repoRoot)));
    report(checkModuleReferences(manifest));
    report(checkResources(manifest, repoRoot));
  });

  await section('scopes: Confluence operations called by src/ → permissions.scopes', () => {
    const derivation = deriveScopes(discoverRestCalls(repoRoot), loadConfluenceSpecs(specDir));
    console.log(
      formatOperationTable(derivation)
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
    for (const [scope, why] of derivation.reasons) if (scope === 'storage:app') console.log(`  storage:app ← ${why.join(', ')}`);
    console.log(`  derived:  ${derivation.scopes.join(' ')}`);
    console.log(`  declared: ${declaredScopes(manifest).join(' ')}`);
    for (const note of derivation.notes) console.log(`  note     ${note}`);
    report(derivation.errors.map((message) => ({ level: 'error', message })));
    report(checkScopes(derivation, manifest));
  });

  console.log(`\nlint-manifest: ${errors} error(s), ${warnings} warning(s)`);
  process.exitCode = errors > 0 ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
