// writer's own reads of the repository's Robocop configuration (once per run, when Robocop
// is installed for its Python): tests that follow the model's calls leave them out.

import { ROBOCOP_CONFIG_FILES } from '../../src/python/robocop-check.js';

const CONFIG_FILES: ReadonlySet<string> = new Set(ROBOCOP_CONFIG_FILES);

export function withoutConfigReads<T extends { arguments: Record<string, unknown> }>(calls: readonly T[]): T[] {
  return calls.filter((call) => !CONFIG_FILES.has(String(call.arguments.file_path ?? call.arguments.path ?? '')));
}
