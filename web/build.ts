import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));
const STATIC_FILES = ['index.html', 'app.css', 'icon.svg', 'icon-192.png', 'icon-512.png', 'icon-maskable-512.png', 'apple-touch-icon.png'];

/** Bundles the page into web/dist: app.js (one minified ES2020 file) and sw.js beside index.html, app.css and the icons. */
export async function buildWeb(outDir = join(root, 'dist')): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const bundle = (entry: string, outfile: string, format: 'esm' | 'iife') =>
    build({ entryPoints: [join(root, 'src', entry)], outfile: join(outDir, outfile), bundle: true, format, target: 'es2020', minify: true, legalComments: 'none', logLevel: 'warning' });
  await bundle('main.ts', 'app.js', 'esm');
  // The service worker (the app shell only), at the page's root so that its scope is the whole page.
  await bundle('sw.ts', 'sw.js', 'iife');
  for (const file of STATIC_FILES) {
    const source = join(root, 'src', file);
    if (existsSync(source)) await copyFile(source, join(outDir, file));
  }
  return outDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = await buildWeb();
  console.warn(`page built into ${outDir}`);
}
