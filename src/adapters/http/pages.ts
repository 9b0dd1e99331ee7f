import { escapeHtml } from '#domain/templates';
import { text, type HttpEvent, type HttpResult } from '../http.ts';

/**
 * All a link page needs: the app's own stylesheet and icon, and to post its form to itself. No script, no inline
 * style, no other origin, never inside a frame (a framed button could be clicked by someone who cannot see it). No
 * referrer either: the URL carries the link's token.
 */
const LINK_PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** A link page's form: one button, or a choice of buttons (each posts `name=value`) and an optional note. */
export interface LinkForm {
  /** Where it posts, from the root ("unsubscribe?t=…"). */
  action: string;
  button: string;
  choices?: { name: string; value: string; label: string }[];
  /** The label of a free-text note posted as `note`. */
  note?: string;
}

/** What a link page says: its heading, its paragraphs in order, and how it reads (done, or a link that does not work). */
export interface LinkPageContent {
  practice: string;
  title: string;
  lines: string[];
  form?: LinkForm;
  tone?: 'done' | 'broken';
  status?: number;
  /** The page's language (`<html lang>`): the client's, on their unsubscribe page. */
  lang?: 'en' | 'es';
}

const formHtml = (form: LinkForm, root: string): string => {
  const note = form.note
    ? `<p><label for="note">${escapeHtml(form.note)}</label><textarea id="note" name="note" rows="3" maxlength="1000"></textarea></p>`
    : '';
  const buttons = form.choices?.length
    ? form.choices.map((c) => `<p><button type="submit" class="primary" name="${escapeHtml(c.name)}" value="${escapeHtml(c.value)}">${escapeHtml(c.label)}</button></p>`).join('')
    : `<p><button type="submit" class="primary">${escapeHtml(form.button)}</button></p>`;
  return `<form method="post" action="${escapeHtml(root + form.action)}">${note}${buttons}</form>`;
};

/** The way from a page's path back to the root, where the stylesheet is ("/escalations/ack" → "../"). */
const toRoot = (path: string) => '../'.repeat(Math.max(0, path.split('/').length - 2));

/**
 * The page of a signed link, in the app's look and the practice's name: a GET never changes anything (mail scanners
 * open links), a button POSTs. Every value is escaped here, so callers pass plain text.
 */
export function linkPage(path: string, page: LinkPageContent): HttpResult {
  const root = toRoot(path);
  const [first, ...rest] = page.lines;
  const lead = first === undefined ? '' : `<p${page.tone ? ` class="${page.tone}"` : ''}>${escapeHtml(first)}</p>`;
  return text(
    page.status ?? 200,
    `<!doctype html><html lang="${page.lang ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<meta name="referrer" content="no-referrer">` +
      `<title>${escapeHtml(page.title)} · ${escapeHtml(page.practice)}</title>` +
      `<link rel="icon" href="${root}icon.svg" type="image/svg+xml"><link rel="stylesheet" href="${root}app.css"></head>` +
      `<body class="link-page"><header class="top"><h1><img src="${root}icon.svg" alt="" width="28" height="28"> <span>${escapeHtml(page.practice)}</span></h1></header>` +
      `<main id="main"><section class="card"><h2>${escapeHtml(page.title)}</h2>${lead}` +
      rest.map((line) => `<p>${escapeHtml(line)}</p>`).join('') +
      (page.form ? formHtml(page.form, root) : '') +
      `</section></main></body></html>`,
    'text/html; charset=utf-8',
    LINK_PAGE_HEADERS,
  );
}

/** A browser asking for a page (not an API client asking for JSON): a GET whose Accept names HTML. */
export function wantsPage(event: HttpEvent): boolean {
  const method = event.requestContext.http.method.toUpperCase();
  const accept = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'accept')?.[1] ?? '';
  return (method === 'GET' || method === 'HEAD') && /\btext\/html\b/i.test(accept);
}

/** What a browser is shown for an address that leads nowhere (a mistyped or cut-off link), instead of JSON. */
export const notFoundPage = (practice: string, path: string): HttpResult =>
  linkPage(path, {
    practice,
    title: 'Page not found',
    tone: 'broken',
    lines: [
      'There is nothing at this address. The link may have been cut off or mistyped.',
      `If it came in a message from ${practice}, try opening it again from that message, or contact the practice.`,
    ],
    status: 404,
  });
