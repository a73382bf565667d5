// Reads a spec file and validates it against the JSON Schema shipped in the
// package; errors name the file and the JSON pointer of the problem.

import { UsageError } from '../errors.js';
import { DEFAULT_TARGET_PATH } from '../config/defaults.js';
import { readRegularFile } from '../read-regular-file.js';
import { describeErrors, lazySchema } from '../schema-validator.js';
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

const specValidator = lazySchema('schemas/spec.schema.json');

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
export function checkSpec(spec: unknown, file: string): LoadedSpec {
  // Checked before anything walks the spec recursively (ajv, JSON.stringify), which a deep one would overflow.
  if (jsonDepthExceeds(spec, MAX_SPEC_DEPTH)) throw new UsageError(`${file}: the spec nests deeper than ${MAX_SPEC_DEPTH} levels`);
  const validate = specValidator();
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
