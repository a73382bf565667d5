// What a generation talks to when nobody hands it anything else: the
// OpenAI-compatible model, and the tool session (the local checkout of --repo
// in process, or the MCP server over HTTP). Recording wraps exactly these.

import { replyLimitParameter } from '../config/providers.js';
import type { GenerateConfig } from '../config/resolve-config.js';
import type { EventSink } from '../loop/events.js';
import { openLocalRepoSession } from '../mcp/local-repo-server.js';
import type { ToolSession } from '../mcp/tool-session.js';
import { OpenAIChatModel } from '../model/openai-chat-model.js';
import { TextToolModel } from '../model/text-tool-model.js';
import type { ChatModel } from '../model/types.js';
import type { Redactor } from '../output/redact.js';
import { connectMcp } from './connect-mcp.js';
import { renderPrompt } from './prompts.js';

export function createChatModel(config: GenerateConfig): ChatModel {
  const model = new OpenAIChatModel({
    model: config.model.name,
    baseURL: config.model.baseURL,
    apiKey: config.model.apiKey,
    temperature: config.model.temperature,
    maxRetries: config.model.retries,
    timeoutMs: config.model.timeoutMs,
    maxRetryWaitMs: config.model.maxRetryWaitMs,
    replyLimit: replyLimitParameter(config.model.provider, config.model.baseURL),
  });
  // --tool-format: native talks to the server as it is; text and auto go through <tool_call> blocks when needed.
  const format = config.model.toolFormat ?? 'auto';
  if (format === 'native') return model;
  return new TextToolModel(model, { mode: format, toolPrompt: (tools) => renderPrompt('text-tools', { tools }) });
}

export async function openToolSession(config: GenerateConfig, emit: EventSink, redactor: Redactor): Promise<ToolSession> {
  if (config.repo !== undefined) return openLocalRepoSession(config.repo);
  // A token or credential header wins; else the stored sign-in of `writer login`, whose tokens join the redactor.
  const { session } = await connectMcp(config.mcp, config.oauth, redactor, (message) => emit({ type: 'notice', message }));
  return session;
}
