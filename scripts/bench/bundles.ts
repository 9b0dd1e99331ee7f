import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { functionBundles } from '../../lib/assembly.ts';
import { median } from './stats.ts';

export interface BundleFigures {
  name: string;
  bytes: number;
  loadMs: number;
  ratioToEmpty: number;
}

export interface BundlesReport {
  source: string;
  runs: number;
  empty: { bytes: number; loadMs: number };
  bundles: BundleFigures[];
}

const REQUIRE_SHIM = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** The house bundling (lib/constructs/aftercare-function.ts): ESM for Node 22, minified, names kept, external source map. */
export async function bundle(outdir: string, name: string, entry: { file: string } | { source: string }): Promise<string> {
  const outfile = join(outdir, name, 'index.mjs');
  await build({
    ...('file' in entry ? { entryPoints: [entry.file] } : { stdin: { contents: entry.source, resolveDir: process.cwd(), loader: 'ts' } }),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: true,
    sourcemap: true,
    sourcesContent: false,
    banner: { js: REQUIRE_SHIM },
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

/** Median time of `runs` cold imports, each in a fresh node process, as a new Lambda container would load it. */
export function loadMs(file: string, runs: number): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const out = execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', LAMBDA_TASK_ROOT: join(file, '..'), AWS_REGION: 'us-east-1' },
    });
    times.push(Number(out.toString()));
  }
  return median(times);
}

/**
 * Each Lambda's bundle: from the CDK cloud assembly when `cdk.out` holds one (the bundles that deploy), otherwise
 * built here from functions/*.ts with the same esbuild settings. Beside them an empty handler built the same way,
 * loaded in the same run, so the ratio does not depend on the machine.
 */
export async function benchBundles(options: { assembly?: string; build?: boolean; runs?: number }): Promise<BundlesReport> {
  const runs = options.runs ?? 7;
  const scratch = mkdtempSync(join(tmpdir(), 'aftercare-bench-bundles-'));
  const assembly = resolve(options.assembly ?? 'cdk.out');
  let source: string;
  let files: { name: string; file: string }[];
  if (!options.build && existsSync(join(assembly, 'AftercareApp.template.json'))) {
    source = `CDK assembly ${assembly}`;
    files = functionBundles(assembly).map((b) => ({ name: b.name, file: join(b.dir, 'index.mjs') }));
  } else {
    source = 'built from functions/*.ts with esbuild (no cdk.out)';
    const entries = readdirSync('functions').filter((f) => f.endsWith('.ts'));
    files = [];
    for (const entry of entries) {
      const name = entry.replace(/\.ts$/, '');
      files.push({ name, file: await bundle(scratch, name, { file: join('functions', entry) }) });
    }
  }
  try {
    const emptyFile = await bundle(scratch, 'empty', { source: 'export const handler = async () => ({});' });
    const empty = { bytes: statSync(emptyFile).size, loadMs: loadMs(emptyFile, runs) };
    const bundles = files
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ name, file }) => {
        const ms = loadMs(file, runs);
        return { name, bytes: statSync(file).size, loadMs: ms, ratioToEmpty: ms / empty.loadMs };
      });
    return { source, runs, empty, bundles };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
