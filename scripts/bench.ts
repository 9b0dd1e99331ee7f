/**
 * The Aftercare benchmark: what the sender costs per follow-up, how late messages go out, how fast sessions can be
 * entered, how fast replies are triaged, how heavy each Lambda bundle is, and what 1,000 sessions cost in AWS and at
 * the providers. Runs against a DynamoDB Local it starts and stops itself and in-process fake providers.
 * These are figures to read and compare between runs, not assertions.
 *
 *   npm run bench                         # a table
 *   npm run --silent bench -- --json      # one JSON object
 *   npm run bench -- --print run.json     # the table of a run saved with --json
 *   options: --sizes=1000,10000  --lateness-sessions=200  --build-bundles (ignore cdk.out)  --quick
 */
import '../local/quiet-warnings.ts';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { startDynamoDbLocal, type RunningDynamo } from '../local/dynamodb-local.ts';
import { benchBundles, type BundlesReport } from './bench/bundles.ts';
import { costModel, type CostFigures } from './bench/cost.ts';
import { benchIntake, type IntakeFigures } from './bench/intake.ts';
import { benchLateness, type LatenessFigures } from './bench/lateness.ts';
import { benchIdleSweep, benchSender, benchSenderSerial, type IdleSweepFigures, type SenderFigures } from './bench/sender.ts';
import { benchTriage, type TriageFigures } from './bench/triage.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    'lateness-sessions': { type: 'string' },
    'build-bundles': { type: 'boolean', default: false },
    print: { type: 'string' },
  },
});

const sizes = (args.sizes ?? (args.quick ? '1000' : '1000,10000')).split(',').map(Number);
const latenessSessions = Number(args['lateness-sessions'] ?? (args.quick ? 60 : 200));
const intakeRounds = args.quick
  ? [
      { concurrency: 1, sessions: 100 },
      { concurrency: 10, sessions: 200 },
      { concurrency: 50, sessions: 300 },
    ]
  : [
      { concurrency: 1, sessions: 300 },
      { concurrency: 10, sessions: 1000 },
      { concurrency: 50, sessions: 2000 },
    ];
const progress = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

function machine() {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0] ?? 'unknown';
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    java,
    platform: `${process.platform} ${process.arch}`,
  };
}

interface Results {
  date: string;
  command: string;
  machine: ReturnType<typeof machine>;
  sender: SenderFigures & { serialMsPerFollowUp: number };
  senderByBacklog: SenderFigures[];
  idleSweep: IdleSweepFigures;
  lateness: LatenessFigures;
  intake: IntakeFigures[];
  triage: TriageFigures;
  bundles: BundlesReport['bundles'];
  bundleReference: Omit<BundlesReport, 'bundles'>;
  cost: CostFigures;
  seconds: number;
}

async function run(dynamo: RunningDynamo): Promise<Results> {
  const started = performance.now();
  const senderByBacklog: SenderFigures[] = [];
  for (const size of sizes) {
    progress(`sender: backlog of ${size}`);
    senderByBacklog.push(await benchSender(dynamo.endpoint, size, progress));
  }
  progress('sender: one follow-up at a time');
  const serial = await benchSenderSerial(dynamo.endpoint);
  progress('sender: idle sweeps');
  const idleSweep = await benchIdleSweep(dynamo.endpoint);
  progress(`lateness: a simulated day of ${latenessSessions} sessions`);
  const lateness = await benchLateness(dynamo.endpoint, latenessSessions, progress);
  progress('intake: through the local HTTP API');
  const intake = await benchIntake(dynamo.endpoint, intakeRounds, progress);
  progress('triage');
  const triage = benchTriage();
  progress('bundles: cold module loads');
  const { bundles, ...bundleReference } = await benchBundles({ build: args['build-bundles'] });
  const largest = senderByBacklog.at(-1) as SenderFigures;
  const cost = costModel({
    apiMsPerSession: intake[0]?.p50Ms ?? NaN,
    intakeWriteUnitsPerSession: largest.intakeWriteUnitsPerSession,
    senderMsPerFollowUp: largest.msPerFollowUp,
    senderReadUnitsPerFollowUp: largest.readUnitsPerFollowUp,
    senderWriteUnitsPerFollowUp: largest.writeUnitsPerFollowUp,
    idleSweepMs: idleSweep.ms,
    // DynamoDB Local reports 0 for a query that finds nothing; DynamoDB bills at least 0.5 RRU for it.
    idleSweepReadUnits: Math.max(idleSweep.readUnits, idleSweep.dynamoRequests * 0.5),
    storedBytesPerSession: largest.storedBytesPerSession,
    retentionDays: 180,
  });
  return {
    date: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machine(),
    sender: { ...largest, serialMsPerFollowUp: serial.msPerFollowUp },
    senderByBacklog,
    idleSweep,
    lateness,
    intake,
    triage,
    bundles,
    bundleReference,
    cost,
    seconds: (performance.now() - started) / 1000,
  };
}

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const usd = (n: number) => `$${n < 0.01 ? n.toFixed(4) : n.toFixed(2)}`;

function printTables(r: Results) {
  const m = r.machine;
  console.log(`Aftercare benchmark, ${r.date}: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, node ${m.node}, ${m.java}`);
  console.log('\nSender: a backlog of due 2 h follow-ups (text + email each), the sender handler invoked until it is drained');
  console.table(
    r.senderByBacklog.map((s) => ({
      backlog: s.followUps,
      'ms / follow-up': fixed(s.msPerFollowUp, 2),
      'CPU ms / follow-up': fixed(s.cpuMsPerFollowUp, 2),
      'DynamoDB req / follow-up': fixed(s.dynamoRequestsPerFollowUp, 3),
      'RRU / follow-up': fixed(s.readUnitsPerFollowUp, 2),
      'WRU / follow-up': fixed(s.writeUnitsPerFollowUp, 2),
      'provider calls / message': fixed(s.providerCallsPerFollowUp, 3),
      duplicates: s.duplicates,
      invocations: s.invocations,
      'drain s': fixed(s.drainSeconds),
      'seed s': fixed(s.seedSeconds),
    })),
  );
  console.log(`requests by operation (backlog ${r.sender.followUps}): ${JSON.stringify(r.sender.dynamoRequestsByOperation)}`);
  console.log(`one follow-up at a time (concurrency 1, claim to recorded outcome): ${fixed(r.sender.serialMsPerFollowUp, 2)} ms`);
  console.log(`idle sweep (nothing due): ${fixed(r.idleSweep.ms)} ms, ${fixed(r.idleSweep.dynamoRequests)} DynamoDB requests, ${fixed(r.idleSweep.readUnits, 2)} RRU`);

  const l = r.lateness;
  console.log(`\nLateness: ${l.sessions} sessions over one day, clients in 4 time zones, one sweep a minute for ${fixed(l.simulatedHours)} simulated hours`);
  console.table([
    {
      messages: l.messages,
      'deferred by quiet hours': l.deferredByQuietHours,
      'p50 s': fixed(l.p50Seconds),
      'p99 s': fixed(l.p99Seconds),
      'max s': fixed(l.maxSeconds),
      early: l.early,
      missing: l.missing,
    },
  ]);

  console.log('\nIntake: POST /sessions through the local HTTP API, one Idempotency-Key per session');
  console.table(
    r.intake.map((i) => ({
      concurrency: i.concurrency,
      sessions: i.sessions,
      'sessions / s': fixed(i.sessionsPerSecond),
      'p50 ms': fixed(i.p50Ms),
      'p99 ms': fixed(i.p99Ms),
      lost: i.lost,
      duplicated: i.duplicated,
      retried: i.retried,
    })),
  );

  console.log(`\nTriage: ${fixed(r.triage.microsecondsPerReply)} µs per reply (${r.triage.replies.toLocaleString('en-US')} replies)`);

  const b = r.bundleReference;
  console.log(`\nCold start: median of ${b.runs} cold imports in a fresh node; bundles ${b.source}`);
  console.table([
    { bundle: '(empty handler)', bytes: b.empty.bytes.toLocaleString('en-US'), 'load ms': fixed(b.empty.loadMs), '× empty': '1.0' },
    ...r.bundles.map((x) => ({ bundle: x.name, bytes: x.bytes.toLocaleString('en-US'), 'load ms': fixed(x.loadMs), '× empty': fixed(x.ratioToEmpty) })),
  ]);

  const c = r.cost;
  console.log('\nCost of 1,000 sessions (3 follow-ups each, text + email), list prices us-east-1');
  console.table([
    ...Object.entries(c.breakdownUsdPer1000Sessions).map(([item, value]) => ({ item, usd: usd(value) })),
    { item: 'AWS, variable', usd: usd(c.awsVariableUsdPer1000Sessions) },
    { item: 'AWS, fixed per month (every-minute sweep)', usd: usd(c.awsFixedUsdPerMonth) },
    { item: 'AWS, a month with 1,000 sessions', usd: usd(c.awsUsdPer1000Sessions) },
    { item: `providers: ${c.smsSegmentsPerSession} SMS segments + ${c.emailsPerSession} emails per session`, usd: usd(c.providerUsdPer1000Sessions) },
  ]);
  console.log(`prices: ${JSON.stringify(c.prices)}`);
  for (const a of c.assumptions) console.log(`  - ${a}`);
  console.log(`\nTook ${fixed(r.seconds, 0)} s.`);
}

async function main() {
  if (args.print) {
    printTables(JSON.parse(readFileSync(args.print, 'utf8')) as Results);
    return;
  }
  const dynamo = await startDynamoDbLocal();
  const stop = () => dynamo.stop();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(130));
    });
  }
  try {
    const results = await run(dynamo);
    if (args.json) console.log(JSON.stringify(results, null, 2));
    else printTables(results);
  } finally {
    await stop();
  }
}

await main();
