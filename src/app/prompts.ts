// Prompts are data: templates in prompts/*.md with {{placeholders}}. This is
// the one place that fills them, and a missing value is a bug, not a blank.

import { readFile } from 'node:fs/promises';
import { packageFile } from '../package-files.js';

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

export type PromptName =
  | 'system'
  | 'user'
  | 'update'
  | 'conventions-included'
  | 'conventions-missing'
  | 'conventions-pointer'
  | 'repair'
  | 'text-tools'
  | 'language';

export async function renderPrompt(name: PromptName, values: Record<string, string>): Promise<string> {
  const template = await readFile(packageFile(`prompts/${name}.md`), 'utf8');
  return fillTemplate(template, values, name);
}

export function fillTemplate(template: string, values: Record<string, string>, name = 'template'): string {
  const missing = [...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string).filter((key) => !(key in values));
  if (missing.length) throw new Error(`prompt ${name} needs a value for ${[...new Set(missing)].join(', ')}`);
  // One pass, so a value that itself contains {{...}} (a spec, a file) is left alone.
  return template.replace(PLACEHOLDER, (_match, key: string) => values[key] as string).trimEnd() + '\n';
}

/** The placeholders a template uses, for tests that keep prompts and code in step. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string))];
}
