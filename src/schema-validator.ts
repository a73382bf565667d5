// writer's own JSON schemas (schemas/*.json and the settings'), each compiled with
// ajv once, on first use, and their errors said on one line.

import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { packageFile } from './package-files.js';

export interface SchemaOptions {
  /** Turn "10" into 10 where the schema wants a number (flags and variables are text). */
  coerceTypes?: boolean;
}

/**
 * A validator compiled once, on first use, from the schema `schema()` gives: a
 * schema file shipped with writer, or one derived from the settings table.
 */
export function lazyValidator<T = unknown>(schema: () => object, options: SchemaOptions = {}): () => ValidateFunction<T> {
  let validator: ValidateFunction<T> | undefined;
  return () => {
    validator ??= new Ajv({ allErrors: true, strict: false, ...options }).compile<T>(schema());
    return validator;
  };
}

/** The validator of a schema shipped with writer, e.g. lazySchema('schemas/spec.schema.json'). */
export function lazySchema(file: string, options: SchemaOptions = {}): () => ValidateFunction {
  return lazyValidator(() => JSON.parse(readFileSync(packageFile(file), 'utf8')) as object, options);
}

/** What is wrong, one clause per problem, without repeats. */
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
