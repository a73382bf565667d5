// What the checks ask of the run's Python (src/python's helper process implements it):
// which tools it has, and questions answered as JSON. The checks own this seam, so
// reading and checking suites depends on no process of its own.

/** What the interpreter has: versions, or null when a package is not installed. */
export interface PythonCapabilities {
  python: string;
  robot: string | null;
  robotcode: string | null;
  robocop: string | null;
}

export interface RequestOptions {
  /** Past this the helper is taken as hung: killed and restarted, and this question fails. */
  timeoutMs: number;
  /** Aborting stops the run: the helper is killed. */
  signal?: AbortSignal;
}

export interface RobotPython {
  /** Why Python no longer answers, once it does not. */
  readonly failure: string | undefined;
  /** Versions of Python and the tools, asked once; undefined when Python cannot be used. */
  capabilities(signal?: AbortSignal): Promise<PythonCapabilities | undefined>;
  request<T>(op: string, args: object, options: RequestOptions): Promise<T>;
}

/** The helper answered that the question failed (a library that cannot be imported...); the helper is fine. */
export class HelperAnswerError extends Error {}

/** The helper cannot answer: Python missing, crashed or hung twice, or closed. */
export class HelperUnavailableError extends Error {}
