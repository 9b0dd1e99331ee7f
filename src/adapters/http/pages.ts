import { escapeHtml } from '#domain/templates';
import { text, type HttpResult } from '../http.ts';

/**
 * The one-button page of a signed link: a GET never changes anything (mail scanners open links), the button POSTs.
 * Every value is escaped here, so callers pass plain text.
 */
export const linkPage = (title: string, message: string, form?: { action: string; button: string }, status = 200): HttpResult =>
  text(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">` +
      `<p>${escapeHtml(message)}</p>` +
      (form ? `<form method="post" action="${escapeHtml(form.action)}"><button type="submit">${escapeHtml(form.button)}</button></form>` : '') +
      `</body></html>`,
    'text/html; charset=utf-8',
  );
