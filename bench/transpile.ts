import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformSync } from 'esbuild';

/**
 * Transpiles a TypeScript entry point and every local module it imports (relative imports, followed transitively)
 * to CommonJS JavaScript under `outDir`, keeping the paths relative to `root`. Packages stay `require`d from
 * `node_modules` (run the output with `NODE_PATH=<root>/node_modules`).
 *
 * Why: the scan benchmark measures the scanning process's memory. Deployed code is plain JavaScript; running it
 * through tsx's loader would add that loader (~35 MB of RSS) to the measurement. Files are transpiled one by one
 * (no bundling) so a CPU profile still names the source file of every function.
 * @returns the path of the transpiled entry point
 * @throws Error when an imported module cannot be found or does not compile
 */
export function transpileGraph(root: string, entry: string, outDir: string, maxFiles = 1_000): string {
  const seen = new Set<string>();
  const queue = [path.resolve(entry)];
  const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"](\.{1,2}\/[^'"]+)['"]/g;
  while (queue.length > 0) {
    if (seen.size >= maxFiles) throw new Error(`More than ${maxFiles} local modules from ${entry}`);
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(IMPORT)) {
      const spec = m[1]!;
      const base = path.resolve(path.dirname(file), spec);
      const found = [`${base}.ts`, path.join(base, 'index.ts'), base].find((f) => f.endsWith('.ts') && existsSync(f));
      if (!found) throw new Error(`${file}: cannot resolve ${spec}`);
      queue.push(found);
    }
    const out = path.join(outDir, path.relative(root, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(out), { recursive: true });
    const { code } = transformSync(source, { loader: 'ts', format: 'cjs', platform: 'node', target: 'node20', sourcefile: file });
    writeFileSync(out, code);
  }
  return path.join(outDir, path.relative(root, path.resolve(entry))).replace(/\.ts$/, '.js');
}
