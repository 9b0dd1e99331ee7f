/** Loads the `templates/` folder once, at cold start, so a broken template stops the function before any send. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KNOWN_VARIABLES, TemplateError, parseTemplates } from '#domain/templates';
import type { TemplateSet } from '#domain/templates';

/** Bundled Lambdas ship `templates/` beside the handler; everywhere else it is the repository's folder. */
export function defaultTemplatesDir(): string {
  const taskRoot = process.env.LAMBDA_TASK_ROOT;
  return taskRoot ? join(taskRoot, 'templates') : fileURLToPath(new URL('../../templates', import.meta.url));
}

/** Every file under `dir`, keyed by its path relative to `dir` with "/" separators; dotfiles are skipped. */
function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const path = join(entry.parentPath, entry.name);
    const key = relative(dir, path).split(sep).join('/');
    files[key] = readFileSync(path, 'utf8');
  }
  return files;
}

export function loadTemplatesFromDir(dir: string): TemplateSet {
  let files: Record<string, string>;
  try {
    files = readTree(dir);
  } catch (error) {
    throw new TemplateError(`cannot read templates from ${dir}`, { cause: error });
  }
  return parseTemplates(files, KNOWN_VARIABLES);
}
