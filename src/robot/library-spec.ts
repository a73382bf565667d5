// What writer knows of a library's keywords, whichever source told it (the shipped data,
// Robot's libdoc, the library's own source), and the seam through which checks ask for it.

/**
 * A keyword and, when known, its arguments in libdoc's order without types or defaults:
 * `name`, `name=` (has a default), `*varargs`, `**kwargs`, and the markers `/`
 * (positional-only before it) and `*` (named-only after it).
 */
export interface KeywordSpec {
  name: string;
  /** Undefined when the arguments are not known; calls are then not counted. */
  args?: readonly string[];
}

/** The keywords a library import brings. */
export interface LibrarySpec {
  /** The library's name as imported (a module, class or path). */
  name: string;
  keywords: readonly KeywordSpec[];
  /** Where the keywords came from; notes and the transcript say so. */
  origin: 'standard' | 'installed' | 'shipped' | 'source';
  /** The library's version when its source says it. */
  version?: string;
  /**
   * Why the keywords listed may not be all it has (plugins given to the import, keywords
   * made at run time): calls that match none of them are then not errors.
   */
  partial?: string;
}

/** A `Library` setting or an `Import Library` call, as written. */
export interface LibraryImport {
  /** The first value: a module or class name, or a path to a `.py` file or package folder. */
  name: string;
  /** Arguments given to the library, without the alias part. */
  args: readonly string[];
  /** `AS Alias` (or the older `WITH NAME`). */
  alias: string | undefined;
  /** POSIX path of the file holding the import: repository-relative in a generation, on disk for lint. */
  importer: string;
  line: number;
  /** Folders Robot also searches for it (robot.toml `python-path`, `--pythonpath`), in the importer's path space. */
  searchPath?: readonly string[];
}

/** Answers what a library import brings, or undefined when it cannot be known. */
export interface LibraryResolver {
  resolve(library: LibraryImport, signal?: AbortSignal): Promise<LibrarySpec | undefined>;
}
