// Reads a spec file and validates it against the JSON Schema shipped in the
// package; errors name the file and the JSON pointer of the problem.

import { readFile } from 'node:fs/promises';
import { Ajv, type ErrorObject } from 'ajv';
import { UsageError } from '../errors.js';
import { DEFAULT_TARGET_PATH } from '../config/defaults.js';
import { packageFile } from '../package-files.js';
import { readRegularFile } from '../read-regular-file.js';
import { jsonDepthExceeds } from './json-depth.js';

/** A spec is a page of steps; a larger file is no spec, and all of it would go to the model. */
export const MAX_SPEC_BYTES = 256 * 1024;
/** Specs nest a few levels (steps holding objects); deeper would overflow the recursive validation and serialisation. */
export const MAX_SPEC_DEPTH = 64;

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
  /** The field that named it, for errors about it: /rf/target_path, /rf/output_path, or none (the default). */
  targetField: string;
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
    text = await readRegularFile(file, MAX_SPEC_BYTES);
  } catch (error) {
    throw new UsageError(`${file}: cannot read the spec (${(error as Error).message})`);
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
  // Checked before anything walks the spec recursively (ajv, JSON.stringify), which a deep one would overflow.
  if (jsonDepthExceeds(spec, MAX_SPEC_DEPTH)) throw new UsageError(`${file}: the spec nests deeper than ${MAX_SPEC_DEPTH} levels`);
  const validate = await specValidator();
  if (!validate(spec)) {
    throw new UsageError(`${file}: ${describeErrors(validate.errors ?? [])}`);
  }
  const valid = spec as Spec;
  // A spec kept in a recording was never a file: its size is checked as the model would get it.
  const sent = JSON.stringify(valid, null, 2).length;
  if (sent > MAX_SPEC_BYTES)
    throw new UsageError(`${file}: the spec is too large for the model (${sent} characters, more than ${MAX_SPEC_BYTES})`);
  const [targetPath, targetField] =
    valid.rf?.target_path !== undefined
      ? [valid.rf.target_path, '/rf/target_path']
      : valid.rf?.output_path !== undefined
        ? [valid.rf.output_path, '/rf/output_path']
        : [DEFAULT_TARGET_PATH, 'the default target path'];
  return { file, spec: valid, targetPath, targetField };
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
