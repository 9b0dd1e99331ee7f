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

/** A link page's form: one button, or a choice of buttons (each posts `name=value`) and an optional note. */
export interface LinkForm {
  action: string;
  button: string;
  choices?: { name: string; value: string; label: string }[];
  /** The label of a free-text note posted as `note`. */
  note?: string;
}

const formHtml = (form: LinkForm): string => {
  const note = form.note
    ? `<p><label for="note">${escapeHtml(form.note)}</label><br><textarea id="note" name="note" rows="3" maxlength="1000" style="width:100%"></textarea></p>`
    : '';
  const buttons = form.choices?.length
    ? form.choices.map((c) => `<p><button type="submit" name="${escapeHtml(c.name)}" value="${escapeHtml(c.value)}">${escapeHtml(c.label)}</button></p>`).join('')
    : `<button type="submit">${escapeHtml(form.button)}</button>`;
  return `<form method="post" action="${escapeHtml(form.action)}">${note}${buttons}</form>`;
};

/**
 * The page of a signed link: a GET never changes anything (mail scanners open links), a button POSTs.
 * Every value is escaped here, so callers pass plain text.
 */
export const linkPage = (title: string, message: string, form?: LinkForm, status = 200): HttpResult =>
  text(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>` +
      `<p>${escapeHtml(message)}</p>` +
      (form ? formHtml(form) : '') +
      `</body></html>`,
    'text/html; charset=utf-8',
    LINK_PAGE_HEADERS,
  );
