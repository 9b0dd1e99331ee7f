/**
 * Prints each Lambda bundle's size and module load time, beside references built the same way: an empty handler,
 * the part of the twilio package the webhooks use (signature check and TwiML), and the full Twilio REST client.
 * Reads the cloud assembly in cdk.out, or the folder given as the first argument; run `npx cdk synth` first.
 * Load time is the median of several cold `import()`s, each in a fresh node process with --enable-source-maps, as on
 * Lambda. These are figures to read, not to assert: they vary with the machine.
 *
 *   npx tsx scripts/bundle-report.ts [cdk.out]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { functionBundles } from '../lib/assembly.ts';
import { REPO_ROOT } from '../lib/constructs/aftercare-function.ts';

const RUNS = 7;

/** The house bundling options (lib/constructs/aftercare-function.ts), for the reference bundles. */
async function bundleLikeTheFunctions(name: string, source: string, outdir: string): Promise<string> {
  const outfile = join(outdir, name, 'index.mjs');
  await build({
    stdin: { contents: source, resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: true,
    sourcemap: true,
    sourcesContent: false,
    banner: { js: "import { createRequire as __aftercareRequire } from 'node:module'; const require = __aftercareRequire(import.meta.url);" },
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

function loadMs(file: string, dir: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const out = execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', LAMBDA_TASK_ROOT: dir, AWS_REGION: 'us-east-1' },
    });
    times.push(Number(out.toString()));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

async function main() {
  const assembly = resolve(process.argv[2] ?? 'cdk.out');
  const scratch = mkdtempSync(join(tmpdir(), 'aftercare-bundle-report-'));
  const empty = join(scratch, 'empty', 'index.mjs');
  await bundleLikeTheFunctions('empty', 'export const handler = async () => ({});', scratch);

  const rows: { name: string; file: string }[] = [
    { name: '(empty handler)', file: empty },
    {
      name: '(twilio webhooks + TwiML only)',
      file: await bundleLikeTheFunctions(
        'twilio-webhooks',
        "import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';\nimport MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';\nexport const handler = async () => [typeof validateRequest, typeof MessagingResponse];",
        scratch,
      ),
    },
    {
      name: '(twilio REST client)',
      file: await bundleLikeTheFunctions('twilio-rest', "import twilio from 'twilio';\nexport const handler = async () => typeof twilio;", scratch),
    },
    ...functionBundles(assembly)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((bundle) => ({ name: bundle.name, file: join(bundle.dir, 'index.mjs') })),
  ];

  const measured = rows.map((row) => ({ ...row, bytes: statSync(row.file).size, ms: loadMs(row.file, join(row.file, '..')) }));
  const baseline = measured[0]!.ms;
  const twilioRest = measured[2]!.ms;
  const table = measured.map((row) => ({
    bundle: row.name,
    'index.mjs bytes': row.bytes.toLocaleString('en-US'),
    'load ms': row.ms.toFixed(1),
    '× empty': (row.ms / baseline).toFixed(1),
    '× twilio REST': (row.ms / twilioRest).toFixed(2),
  }));
  console.log(`Module load, median of ${RUNS} cold imports, node ${process.version}, ${assembly}`);
  console.table(table);
  writeFileSync(join(scratch, 'report.json'), JSON.stringify(measured, null, 2));
}

await main();
