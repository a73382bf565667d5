// Reads the team's conventions document through the MCP tools before the
// first round, so the model has it for certain and spends no round asking.

import { UsageError } from '../errors.js';
import { truncate } from '../loop/shape-result.js';
import type { RepositoryReader } from './repository-reader.js';

export async function readConventions(
  reader: RepositoryReader,
  conventionsPath: string,
  where: { projectId?: string; ref?: string; maxChars: number },
): Promise<string> {
  const place = `${conventionsPath} (project ${where.projectId ?? 'not set'}, ref ${where.ref ?? 'not set'})`;
  const read = await reader.read(conventionsPath);
  if (!read.ok) {
    const how = reader.tool ? ` with ${reader.tool.name}` : '';
    throw new UsageError(`cannot read the conventions file ${place}${how}: ${read.message} (or use --conventions none)`);
  }
  return truncate(read.text, where.maxChars).text;
}
