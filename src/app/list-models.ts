// `writer models`: the models an OpenAI-compatible endpoint serves, so that
// --model can be set to one that exists. Ollama's own list is asked as well.

import { modelEndpointOf } from '../config/resolve-config.js';
import { endpointURL, listModels } from '../model/openai-endpoint.js';
import { PROBE_TIMEOUT_MS } from './doctor.js';

export interface ModelList {
  endpoint: string;
  models: string[];
}

/** The models of the endpoint the resolved `settings` name. */
export async function listEndpointModels(settings: Record<string, unknown>): Promise<ModelList> {
  const { provider, baseURL, apiKey } = modelEndpointOf(settings);
  const models = await listModels({ baseURL, apiKey, timeoutMs: PROBE_TIMEOUT_MS, ollamaTags: provider === 'ollama' });
  return { endpoint: endpointURL(baseURL), models };
}
