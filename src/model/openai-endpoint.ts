// The model endpoint outside a generation: which models it serves (`writer
// models`), and whether a model takes a small request, with one tool or
// without (`writer doctor`). The SDK does the HTTP; Ollama's own /api/tags
// is a plain fetch. Failures become ServiceError with one line to show.

import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { ServiceError, errorLine } from '../errors.js';
import { ToolsRefusedError, refusesTools } from './tools-refused.js';

export interface EndpointOptions {
  /** Undefined is OpenAI. */
  baseURL?: string;
  apiKey?: string;
  timeoutMs: number;
}

/** Enough for a model to say a word, little enough to cost nothing. */
const PROBE_MAX_TOKENS = 16;

/** The one tool of the probe: no parameters, never meant to be called. */
const PROBE_TOOL: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'writer_ping',
    description: 'Answers pong. Only for checking that tools are accepted.',
    parameters: { type: 'object', properties: {} },
  },
};

function client(options: EndpointOptions): OpenAI {
  // Local servers need no key, but the SDK insists on one. No retries: a check answers at once.
  return new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey || 'no-key', maxRetries: 0, timeout: options.timeoutMs });
}

/** The endpoint's base URL as the SDK resolves it (OpenAI's when none is set). */
export function endpointURL(baseURL: string | undefined): string {
  return client({ baseURL, timeoutMs: 1 }).baseURL;
}

/**
 * The models the endpoint serves: GET /models, and for Ollama also GET /api/tags
 * (older Ollama versions list models only there), without repeats, in the order found.
 */
export async function listModels(options: EndpointOptions & { ollamaTags: boolean }): Promise<string[]> {
  const api = client(options);
  const names: string[] = [];
  let listError: unknown;
  try {
    for await (const model of api.models.list()) names.push(model.id);
  } catch (error) {
    listError = error;
  }
  if (options.ollamaTags) {
    const tags = await ollamaTags(api.baseURL, options).catch(() => undefined);
    if (tags) return [...new Set([...names, ...tags])];
  }
  if (listError !== undefined) throw describeEndpointError(api.baseURL, listError);
  return [...new Set(names)];
}

async function ollamaTags(baseURL: string, options: EndpointOptions): Promise<string[]> {
  const url = `${baseURL.replace(/\/+$/, '').replace(/\/v1$/, '')}/api/tags`;
  const response = await fetch(url, {
    headers: options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {},
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const body = (await response.json()) as { models?: Array<{ name?: unknown; model?: unknown }> };
  return (body.models ?? []).flatMap((entry) => {
    const name = typeof entry.name === 'string' ? entry.name : entry.model;
    return typeof name === 'string' ? [name] : [];
  });
}

export interface ProbeOptions extends EndpointOptions {
  model: string;
  /** Send one tool with the request, as a generation in native mode does. */
  withTool: boolean;
  /** OpenAI's newer models take only max_completion_tokens; local servers know max_tokens. */
  tokenLimit: 'max_tokens' | 'max_completion_tokens';
}

/**
 * A tiny streamed request, like the ones a generation sends. Resolves with what
 * the model said; rejects with ToolsRefusedError when the tool was refused, or
 * ServiceError for anything else.
 */
export async function probeModel(options: ProbeOptions): Promise<string> {
  const api = client(options);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const stream = await api.chat.completions.create(
      {
        model: options.model,
        messages: [{ role: 'user', content: 'Reply with the single word OK.' }],
        ...(options.withTool ? { tools: [PROBE_TOOL] } : {}),
        [options.tokenLimit]: PROBE_MAX_TOKENS,
        stream: true,
      },
      { signal },
    );
    let text = '';
    for await (const chunk of stream) {
      const delta = chunk.choices?.[0]?.delta;
      text += delta?.content ?? '';
      for (const call of delta?.tool_calls ?? []) text += call.function?.name ? `<${call.function.name}>` : '';
    }
    if (signal.aborted) throw new APIConnectionTimeoutError();
    return text.trim();
  } catch (error) {
    if (signal.aborted) {
      throw new ServiceError(`model endpoint ${api.baseURL}: no complete reply within ${options.timeoutMs / 1000} s`, { kind: 'timeout' });
    }
    throw describeEndpointError(api.baseURL, error, options.model);
  }
}

/** A failure of the openai client as a ServiceError, told apart by the SDK's error classes and the HTTP status. */
export function describeEndpointError(endpoint: string, error: unknown, model?: string): ServiceError {
  const where = `model endpoint ${endpoint}`;
  if (error instanceof APIConnectionTimeoutError) return new ServiceError(`${where}: no answer within the timeout`, { kind: 'timeout' });
  if (error instanceof APIConnectionError) {
    return new ServiceError(`${where} unreachable: ${errorLine(error.cause ?? error)}`, { kind: 'unreachable' }, { cause: error });
  }
  if (error instanceof APIError && error.status !== undefined) {
    const body = error.error as { message?: unknown } | undefined;
    const detail = errorLine(typeof body?.message === 'string' ? body.message : error.message);
    if (refusesTools(detail)) {
      const which = model === undefined ? '' : ` (model ${model})`;
      return new ToolsRefusedError(
        `${where}${which} refused native tool calls (${error.status}: ${detail}); use --tool-format text or auto`,
        detail,
      );
    }
    if (error.status === 401 || error.status === 403) {
      return new ServiceError(`${where} refused the API key (${error.status}): ${detail}`, { kind: 'auth' });
    }
    const { status } = error as APIError<number>;
    const failure = { kind: 'http', status } as const;
    if (error.status === 404 && model !== undefined) return new ServiceError(`${where} (model ${model}): 404 ${detail}`, failure);
    return new ServiceError(`${where} answered ${error.status}: ${detail}`, failure);
  }
  return new ServiceError(`${where}: ${errorLine(error)}`, { kind: 'protocol' }, { cause: error });
}
