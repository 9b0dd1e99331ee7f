import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { storedEmails } from '../local/ses-local.ts';
import { FakeClock } from './support/fakes.ts';
import { TEST_TOKEN, startTestStack } from './support/stack.ts';

describe('the local stack (npm start)', () => {
  it('keeps sessions, follow-ups, texts and emails across a restart', async () => {
    const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
    const first = await startTestStack({ clock, inMemory: false, dynamoEndpoint: undefined });
    let id: string;
    try {
      const response = await first.call('POST', '/sessions', {
        client: { name: 'Sam Rivera', phone: '+1 310 555 0199', email: 'sam@example.com' },
        endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
        consent: { sms: true, email: true },
      });
      id = ((await response.json()) as { id: string }).id;
      await first.stack.sweep();
    } finally {
      await first.stack.stop();
    }

    const second = await startTestStack({
      clock,
      inMemory: false,
      dynamoEndpoint: undefined,
      dataDir: first.dataDir,
      env: { TABLE_NAME: first.stack.config.tableName },
    });
    try {
      const view = (await (await second.call('GET', `/sessions/${id}`)).json()) as { followUps: { status: string }[] };
      expect(view.followUps.map((f) => f.status)).toEqual(['sent', 'deferred', 'deferred']);
      const texts = readFileSync(second.stack.outboxFile, 'utf8').trim().split('\n');
      expect(texts).toHaveLength(1);
      const emails = (await storedEmails(second.stack.sesUrl)).filter((e) => e.destination.to.includes('sam@example.com'));
      expect(emails).toHaveLength(1);
      // Nothing is sent twice after the restart.
      await second.stack.sweep();
      expect(readFileSync(second.stack.outboxFile, 'utf8').trim().split('\n')).toHaveLength(1);
      expect(TEST_TOKEN).toBe(second.stack.config.apiToken);
    } finally {
      await second.stack.stop();
    }
  }, 120_000);
});
