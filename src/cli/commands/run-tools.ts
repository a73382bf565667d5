// The tools command's action: connect, inspect, print a table or JSON.

import { inspectTools } from '../../app/inspect-tools.js';
import { mcpConfigOf, oauthConfigOf, toolConfigOf, type Flags } from '../../config/resolve-config.js';
import { EXIT_OK } from '../../errors.js';
import type { Redactor } from '../../output/redact.js';
import { commandSettings } from '../command-settings.js';

export async function runTools(flags: Flags, redactor: Redactor): Promise<number> {
  const settings = await commandSettings(flags, 'tools', redactor);
  const notice = (message: string): void => void process.stderr.write(`! ${message}\n`);
  const report = await inspectTools(mcpConfigOf(settings), toolConfigOf(settings), notice, oauthConfigOf(settings, process.env), redactor);
  for (const warning of report.warnings) notice(warning);
  if (settings.json) {
    const rows = report.tools.map(({ name, readOnly, exposed, reason, injected, schemaBytes, fullSchemaBytes, modelName }) => ({
      name,
      ...(modelName !== name ? { modelName } : {}),
      readOnly,
      exposed,
      reason,
      injected,
      schemaBytes,
      fullSchemaBytes,
    }));
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return EXIT_OK;
  }
  const width = Math.max(4, ...report.tools.map((tool) => tool.name.length));
  const lines = [`${'tool'.padEnd(width)}  read-only  offered   full   sent  why; injected parameters`];
  for (const tool of report.tools) {
    const why = [tool.reason, tool.injected.length ? `injects ${tool.injected.join(', ')}` : ''].filter(Boolean).join('; ');
    lines.push(
      `${tool.name.padEnd(width)}  ${(tool.readOnly ? 'yes' : 'no').padEnd(9)}  ${(tool.exposed ? 'yes' : 'no').padEnd(7)}  ${String(tool.fullSchemaBytes).padStart(5)}  ${String(tool.schemaBytes).padStart(5)}  ${why}`,
    );
  }
  const offered = report.tools.filter((tool) => tool.exposed).length;
  const compaction = report.compacted ? `compacted from ${report.exposedFullBytes} bytes` : 'not compacted (--full-schemas)';
  lines.push(
    '',
    `${report.server} over ${report.transport}: ${report.tools.length} tools, ${offered} offered to the model`,
    `schema sent with every model request: ${report.exposedBytes} bytes, ${compaction} (the whole catalogue: ${report.catalogueBytes} bytes)`,
  );
  process.stdout.write(lines.join('\n') + '\n');
  return EXIT_OK;
}
