// Reads a spec file and validates it against the JSON Schema shipped in the
// package; errors name the file and the JSON pointer of the problem.

import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { UsageError } from '../errors.js';
import { DEFAULT_TARGET_PATH } from '../config/defaults.js';
import { packageFile } from '../package-files.js';

export interface Spec {
  id?: string | number;
  title?: string;
  rf?: { target_path?: string; output_path?: string; remove?: string[] };
  [field: string]: unknown;
}

export interface LoadedSpec {
  file: string;
  spec: Spec;
  /** Where the suite goes, relative to the output folder. */
  targetPath: string;
}

let validator: ReturnType<Ajv['compile']> | undefined;

async function specValidator(): Promise<ReturnType<Ajv['compile']>> {
  if (!validator) {
    const schema: unknown = JSON.parse(await readFile(packageFile('schemas/spec.schema.json'), 'utf8'));
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema as object);
  }
  return validator;
}

export async function loadSpec(file: string): Promise<LoadedSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read the spec (${code === 'ENOENT' ? 'no such file' : code ?? 'error'})`);
  }
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return checkSpec(spec, file);
}

/** A spec already parsed (e.g. kept in a recording), validated like a file; `file` names it in errors. */
export async function checkSpec(spec: unknown, file: string): Promise<LoadedSpec> {
  const validate = await specValidator();
  if (!validate(spec)) {
    throw new UsageError(`${file}: ${describeErrors(validate.errors ?? [])}`);
  }
  const valid = spec as Spec;
  return { file, spec: valid, targetPath: valid.rf?.target_path ?? valid.rf?.output_path ?? DEFAULT_TARGET_PATH };
}

export function describeErrors(errors: readonly ErrorObject[]): string {
  // oneOf reports every branch; the branch errors say more than the summary.
  const useful = errors.filter((error) => error.keyword !== 'oneOf' || errors.length === 1);
  return useful
    .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${allowed(error)}`)
    .filter((line, index, lines) => lines.indexOf(line) === index)
    .join('; ');
}

function allowed(error: ErrorObject): string {
  if (error.keyword === 'pattern' && error.params.pattern === '\\.robot$') return ' (a path ending in .robot)';
  return '';
}
