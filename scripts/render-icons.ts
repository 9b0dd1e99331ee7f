import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/*
 * Renders the home-screen icons from web/src/icon.svg once, with headless Chromium; the PNGs are committed
 * (`npx tsx scripts/render-icons.ts` after changing the SVG). "any" icons keep the rounded square; the maskable one and
 * Apple's fill the square, the heart inside the maskable safe zone (the middle 80 %).
 */
const dir = fileURLToPath(new URL('../web/src/', import.meta.url));
const HEART = /<path [^>]*\/>/;

const ICONS = [
  { file: 'icon-192.png', size: 192, fullBleed: false },
  { file: 'icon-512.png', size: 512, fullBleed: false },
  { file: 'icon-maskable-512.png', size: 512, fullBleed: true },
  { file: 'apple-touch-icon.png', size: 180, fullBleed: true },
];

const svg = await readFile(`${dir}icon.svg`, 'utf8');
const heart = HEART.exec(svg)?.[0];
if (!heart) throw new Error('icon.svg has no heart path');
const fullBleed = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#1f6f5c"/><g transform="translate(16 17.5) scale(.78) translate(-16 -18.5)">${heart}</g></svg>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const source = icon.fullBleed ? fullBleed : svg;
    await page.setContent(`<body style="margin:0;background:transparent"><img width="${icon.size}" height="${icon.size}" src="data:image/svg+xml;base64,${Buffer.from(source).toString('base64')}"></body>`);
    await writeFile(`${dir}${icon.file}`, await page.screenshot({ omitBackground: true, type: 'png' }));
    await page.close();
  }
} finally {
  await browser.close();
}
console.warn(`icons written to ${dir}`);
