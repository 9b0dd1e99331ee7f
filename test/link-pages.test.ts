import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkKeys } from '#app/deps';
import { signLink } from '#domain/links';
import { buildWeb } from '../web/build.ts';
import { FakeClock } from './support/fakes.ts';
import { startTestStack } from './support/stack.ts';

/*
 * The pages a person reaches from a link in a message (unsubscribe, acknowledge, a broken or mistyped link), and
 * what makes the therapist's page installable (the manifest and its icons), over real HTTP on the local stack.
 */

const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
const PRACTICE = "Chris O'Hara Massage";
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
let ctx: Awaited<ReturnType<typeof startTestStack>>;

const enter = async (client: Record<string, string>, consent = { sms: true, email: true }) => {
  const created = await ctx.call('POST', '/sessions', { client, consent });
  return ((await created.json()) as { id: string }).id;
};
const unsubscribePath = (sessionId: string) => `/unsubscribe?t=${signLink(linkKeys(ctx.stack.config), 'unsubscribe', sessionId, clock.now())}`;
const get = (path: string, headers: Record<string, string> = HTML) => fetch(`${ctx.stack.url}${path}`, { headers });
const post = (path: string) => fetch(`${ctx.stack.url}${path}`, { method: 'POST', headers: HTML });
/** The words a person reads on a page: its text without the markup. */
const words = async (response: Response) =>
  (await response.text())
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const optOut = async (email: string) => (await ctx.stack.core.contacts.get([{ channel: 'email', address: email }]))[0];

beforeAll(async () => {
  await buildWeb();
  ctx = await startTestStack({ clock });
});

afterAll(async () => {
  await ctx?.stack.stop();
});

describe('the unsubscribe page', () => {
  it("is in the app's look and the practice's name, and says texts are separate and how to stop them", async () => {
    const sessionId = await enter({ name: 'Jordan Lee', phone: '(310) 555-0142', email: 'jordan@example.com' });
    const response = await get(unsubscribePath(sessionId));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    const html = await response.clone().text();
    expect(html).toContain('<link rel="stylesheet" href="app.css">');
    expect(html).not.toMatch(/style=|<style/);
    const text = await words(response);
    expect(text).toContain(PRACTICE);
    expect(text).toContain(`Stop receiving aftercare emails from ${PRACTICE}?`);
    expect(text).toContain('Aftercare texts are separate: to stop them, reply STOP to any of our texts.');
    expect((await optOut('jordan@example.com'))?.optedOut ?? false).toBe(false);
  });

  it('says "already unsubscribed" on a second visit, and a second press changes nothing', async () => {
    const sessionId = await enter({ name: 'Sam Park', email: 'sam@example.com' }, { sms: false, email: true });
    const path = unsubscribePath(sessionId);
    const first = await post(path);
    expect(first.status).toBe(200);
    expect(await words(first)).toContain('You are unsubscribed: no more aftercare emails will be sent to this address.');
    const after = await optOut('sam@example.com');
    expect(after?.optedOut).toBe(true);

    clock.advanceMinutes(10);
    const again = await get(path);
    const text = await words(again);
    expect(text).toContain('Already unsubscribed');
    expect(text).toContain('You are already unsubscribed: no aftercare emails are sent to this address.');
    expect(text).toContain('If you also get texts from us, reply STOP to any of them');
    expect(text).not.toContain('Unsubscribe from aftercare emails');

    const pressedAgain = await post(path);
    expect(await words(pressedAgain)).toContain('You are already unsubscribed');
    expect(await optOut('sam@example.com')).toEqual(after);
  });

  it('answers a cut-off or altered link with a friendly page that says what to do instead, changing nothing', async () => {
    const sessionId = await enter({ name: 'Riley Stone', email: 'riley@example.com' }, { sms: false, email: true });
    const good = unsubscribePath(sessionId);
    for (const path of [good.slice(0, -4), `${good}x`, '/unsubscribe', '/unsubscribe?t=']) {
      for (const response of [await get(path), await post(path)]) {
        expect(response.status, path).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        const text = await words(response);
        expect(text).toContain('This link no longer works');
        expect(text).toContain('reply to any of them with the word STOP');
        expect(text).toContain(PRACTICE);
      }
    }
    expect((await optOut('riley@example.com'))?.optedOut ?? false).toBe(false);
  });
});

describe('the acknowledge page', () => {
  it("is in the app's look, its stylesheet and form found from its own address", async () => {
    const sessionId = await enter({ name: 'Morgan Avery', phone: '(310) 555-0177' }, { sms: true, email: false });
    await ctx.call('POST', '/local/reply-as-client', { sessionId, text: 'sharp pain in my shoulder since this morning' });
    const [open] = ((await (await ctx.call('GET', '/escalations')).json()) as { escalations: { id: string; sessionId: string; newsRound: number }[] }).escalations;
    const t = signLink(linkKeys(ctx.stack.config), 'acknowledge', `${open!.sessionId}/${open!.id}/${open!.newsRound}`, clock.now());
    const response = await get(`/escalations/ack?t=${t}`);
    const html = await response.clone().text();
    expect(html).toContain('<link rel="stylesheet" href="../app.css">');
    expect(html).toContain(`action="../escalations/ack?t=${encodeURIComponent(t)}"`);
    expect(await words(response)).toContain('Morgan Avery needs a call.');
  });

  it('answers a link to an escalation that is not there with a page, not JSON', async () => {
    const t = signLink(linkKeys(ctx.stack.config), 'acknowledge', `${randomUUID()}/${randomUUID()}/1`, clock.now());
    const response = await get(`/escalations/ack?t=${t}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await words(response)).toContain('Page not found');
  });
});

describe('an address that leads nowhere', () => {
  it('is a friendly page for a browser, and stays JSON for API clients', async () => {
    const page = await get('/sessions/not-a-page/at-all');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.clone().text();
    expect(html).toContain('<link rel="stylesheet" href="../../app.css">');
    expect(await words(page)).toContain('There is nothing at this address. The link may have been cut off or mistyped.');

    const apiClients: Record<string, string>[] = [{ accept: 'application/json' }, {}];
    for (const accept of apiClients) {
      const api = await get('/no-such-route', accept);
      expect(api.status).toBe(404);
      expect(await api.json()).toMatchObject({ error: 'not_found' });
    }
    const posted = await fetch(`${ctx.stack.url}/no-such-route`, { method: 'POST', headers: HTML });
    expect(posted.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

/** A PNG's width and height, from its IHDR chunk. */
const pngSize = (bytes: Buffer) => ({ png: bytes.subarray(1, 4).toString('ascii') === 'PNG', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

describe('the web app manifest', () => {
  it('names the practice, opens standalone from a relative start, and every icon it names is served at its size', async () => {
    const response = await get('/manifest.webmanifest', {});
    expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = (await response.json()) as { name: string; display: string; start_url: string; theme_color: string; background_color: string; icons: { src: string; sizes: string; type: string; purpose: string }[] };
    expect(manifest).toMatchObject({ display: 'standalone', start_url: './', theme_color: '#1f6f5c', background_color: '#f3f5f6' });
    expect(manifest.name).toContain(PRACTICE);
    expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of [...manifest.icons, { src: 'apple-touch-icon.png', sizes: '180x180', type: 'image/png' }]) {
      const served = await get(`/${icon.src}`, {});
      expect(served.status, icon.src).toBe(200);
      expect(served.headers.get('content-type')).toBe(icon.type);
      const size = pngSize(Buffer.from(await served.arrayBuffer()));
      expect(`${size.width}x${size.height}`, icon.src).toBe(icon.sizes);
      expect(size.png).toBe(true);
    }
    const index = await (await get('/')).text();
    expect(index).toContain('<link rel="manifest" href="manifest.webmanifest">');
    expect(index).toContain('<meta name="theme-color" content="#1f6f5c">');
    expect(index).toContain('<link rel="apple-touch-icon" href="apple-touch-icon.png">');
  });
});
