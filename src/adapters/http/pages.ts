import { createHash } from 'node:crypto';
import { escapeHtml } from '#domain/templates';
import { text, type HttpResult } from '../http.ts';

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}';

/**
 * All the page needs: its one style element (by hash) and to post its form to itself. No script, no other origin,
 * never inside a frame (a framed button could be clicked by someone who cannot see it). No referrer either: the URL
 * carries the link's token.
 */
const LINK_PAGE_HEADERS = {
  'content-security-policy':
    `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; ` +
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/**
 * The one-button page of a signed link: a GET never changes anything (mail scanners open links), the button POSTs.
 * Every value is escaped here, so callers pass plain text.
 */
export const linkPage = (title: string, message: string, form?: { action: string; button: string }, status = 200): HttpResult =>
  text(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>` +
      `<p>${escapeHtml(message)}</p>` +
      (form ? `<form method="post" action="${escapeHtml(form.action)}"><button type="submit">${escapeHtml(form.button)}</button></form>` : '') +
      `</body></html>`,
    'text/html; charset=utf-8',
    LINK_PAGE_HEADERS,
  );
