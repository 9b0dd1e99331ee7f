import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBanner } from '../local/banner.ts';
import { localConfig } from '../local/stack.ts';

describe('the banner `npm start` prints', () => {
  it("prints the therapist's page address first, then the rest of the stack", () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-banner-'));
    const { config, tokenSource } = localConfig(dataDir, {});
    const banner = startBanner(
      { url: 'http://localhost:3000', config, apiTokenSource: tokenSource, sesUrl: 'http://localhost:8005', outboxFile: join(dataDir, 'outbox', 'sms.jsonl'), dynamoEndpoint: 'http://127.0.0.1:8000' },
      dataDir,
      {},
    );
    const lines = banner.split('\n').filter((line) => line.trim() !== '');
    expect(lines[0]).toBe("Open the therapist's page:  http://localhost:3000/");
    expect(lines[1]).toContain('Send me a sign-in link');
    expect(lines[1]).toContain('the API token');
    expect(banner).toContain(`API token      ${config.apiToken}`);
    expect(banner.indexOf('http://localhost:3000/')).toBeLessThan(banner.indexOf('http://localhost:8005'));
  });
});
