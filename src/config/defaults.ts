// Every bound writer applies, named, with the reason for its value.

/** A model that keeps calling tools forever is a bug, not a feature: bound the loop (the prototype's value). */
export const DEFAULT_MAX_ROUNDS = 18;
/** Low, so that the same spec gives nearly the same suite (the prototype's value). */
export const DEFAULT_TEMPERATURE = 0.1;
/** Where suites go when neither --out nor OUTPUT_DIR says. */
export const DEFAULT_OUTPUT_DIR = './generated';
/** Where a spec's suite goes inside the output folder when the spec names no path. */
export const DEFAULT_TARGET_PATH = 'tests/generated/generated_from_spec.robot';
/** The conventions document every QA repository of ours has. */
export const DEFAULT_CONVENTIONS_PATH = 'doc/convention.md';
/** The SDK retries 429s and 5xx (honouring Retry-After) this many times. */
export const DEFAULT_RETRIES = 2;
/** The longest Retry-After a retry waits out; a server asking for more fails the request at once, saying so. */
export const DEFAULT_MAX_RETRY_WAIT_MS = 60_000;
/** A model reply that takes longer than this is cut off and retried by the SDK. */
export const DEFAULT_TIMEOUT_MS = 600_000;
/** Reads of one reply run at once, up to this many; servers and rate limits stay comfortable. */
export const DEFAULT_TOOL_CONCURRENCY = 4;
/** A tool call that hangs longer than this is reported to the model as an error. */
export const DEFAULT_TOOL_TIMEOUT_MS = 60_000;
/** A tool result longer than this keeps its head and tail; it is resent every round. */
export const DEFAULT_MAX_TOOL_CHARS = 20_000;
/** How many times a failing suite goes back to the model with its errors. */
export const DEFAULT_REPAIR_ROUNDS = 2;
/** A rough, vendor-neutral token estimate for servers that report no usage. */
export const CHARS_PER_TOKEN = 4;
/** Generations of a batch that run at once: two keep a 2-core CI runner and the model's rate limits comfortable. */
export const DEFAULT_CONCURRENCY = 2;
/** The configuration file a team keeps in its working folder. */
export const CONFIG_FILE_NAME = 'writer.config.json';
/** Long enough to sign in (and pass a second factor) in the browser; a login nobody finishes does not hold a terminal forever. */
export const DEFAULT_LOGIN_TIMEOUT_MS = 300_000;
/**
 * The cap on one reply, sent with every request: a suite needs a few thousand tokens, and a model that
 * does not stop (seen with small local models) is cut here instead of streaming until --timeout. Low
 * enough for the output limits of current models and for a local server's context.
 */
export const DEFAULT_MAX_REPLY_TOKENS = 8192;
/** Without a terminal, a round still streaming says so this often, so a CI log never sits silent for minutes. */
export const PROGRESS_INTERVAL_MS = 30_000;
