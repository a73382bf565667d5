// A server or model that has no native tool calling says so in its own words:
// Ollama answers 400 "<model> does not support tools", llama.cpp without
// --jinja "tools param requires --jinja flag", vLLM without a tool parser
// "\"auto\" tool choice requires --enable-auto-tool-choice". --tool-format auto
// recognises these and switches to text tool calls.

import { ServiceError } from '../errors.js';

const REFUSALS = [
  /does not support tools/i,
  /tools? (?:are|is) not supported/i,
  /does not support (?:function|tool) call/i,
  /tools param requires --jinja/i,
  /enable-auto-tool-choice/i,
];

/** Whether an error message from a model endpoint means "no native tool calls here". */
export function refusesTools(message: string): boolean {
  return REFUSALS.some((pattern) => pattern.test(message));
}

/** The endpoint refused a request because it carried tools. */
export class ToolsRefusedError extends ServiceError {
  constructor(
    message: string,
    /** The server's own words, e.g. "registry.ollama.ai/library/gemma:2b does not support tools". */
    readonly detail: string,
  ) {
    super(message, { kind: 'tools-refused' });
  }
}
