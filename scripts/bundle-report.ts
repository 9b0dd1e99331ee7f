/**
 * Prints each Lambda bundle's size and module load time, beside references built the same way: an empty handler,
 * the part of the twilio package the webhooks use (signature check and TwiML), and the full Twilio REST client.
 * Reads the cloud assembly in cdk.out, or the folder given as the first argument; run `npx cdk synth` first.
 * Load time is the median of several cold `import()`s, each in a fresh node process with --enable-source-maps, as on
 * Lambda. These are figures to read, not to assert: they vary with the machine.
 *
 *   npx tsx scripts/bundle-report.ts [cdk.out]
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { functionBundles } from '../lib/assembly.ts';
import { bundle, loadMs } from './bench/bundles.ts';

const RUNS = 7;

const assembly = resolve(process.argv[2] ?? 'cdk.out');
const scratch = mkdtempSync(join(tmpdir(), 'aftercare-bundle-report-'));
const rows: { name: string; file: string }[] = [
  { name: '(empty handler)', file: await bundle(scratch, 'empty', { source: 'export const handler = async () => ({});' }) },
  {
    name: '(twilio webhooks + TwiML only)',
    file: await bundle(scratch, 'twilio-webhooks', {
      source:
        "import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';\nimport MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';\nexport const handler = async () => [typeof validateRequest, typeof MessagingResponse];",
    }),
  },
  {
    name: '(twilio REST client)',
    file: await bundle(scratch, 'twilio-rest', { source: "import twilio from 'twilio';\nexport const handler = async () => typeof twilio;" }),
  },
  ...functionBundles(assembly)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((b) => ({ name: b.name, file: join(b.dir, 'index.mjs') })),
];

const measured = rows.map((row) => ({ ...row, bytes: statSync(row.file).size, ms: loadMs(row.file, RUNS) }));
const baseline = measured[0]!.ms;
const twilioRest = measured[2]!.ms;
console.log(`Module load, median of ${RUNS} cold imports, node ${process.version}, ${assembly}`);
console.table(
  measured.map((row) => ({
    bundle: row.name,
    'index.mjs bytes': row.bytes.toLocaleString('en-US'),
    'load ms': row.ms.toFixed(1),
    '× empty': (row.ms / baseline).toFixed(1),
    '× twilio REST': (row.ms / twilioRest).toFixed(2),
  })),
);
