// What the checks of one run share: the Python helper (started with the run, stopped
// with it), the chain of library sources with its cache, and the field's tools. A batch
// shares one; so do all the files of a lint.

import { UsageError } from '../errors.js';
import { type PythonHelper, sharedPythonHelper } from '../python/python-helper.js';
import { robocopCheck } from '../python/robocop-check.js';
import { robotCodeCheck } from '../python/robotcode-check.js';
import { InPlacePlacement, MirroredPlacement, type SuitePlacement } from '../python/suite-placement.js';
import { type CheckOptions, ROBOT_REQUIRED_MESSAGE, type RobotProject, type Validation } from '../robot/check-suite.js';
import type { ExternalCheck } from '../robot/external-checks.js';
import { installedLibraries } from '../robot/installed-library-resolver.js';
import { LibraryCache, chainLibraryResolvers } from '../robot/library-resolver.js';
import type { LibraryResolver } from '../robot/library-spec.js';
import type { ReadFile } from '../robot/resource-imports.js';
import { shippedLibraries } from '../robot/shipped-library-resolver.js';
import { repositoryLibraries } from '../robot/source-library-resolver.js';
import { standardLibraries } from '../robot/standard-library-resolver.js';

export const ROBOTCODE_REQUIRED_MESSAGE =
  "RobotCode's analyzer is not installed for python3 (pip install robotcode-analyze), required by --validate robotcode";

export interface CheckRun {
  readonly validate: Validation;
  /** Undefined with --validate builtin: that never runs Python. */
  readonly python: PythonHelper | undefined;
  /** The options a check takes, for files read through `readFile`. */
  options(readFile: ReadFile): Pick<CheckOptions, 'validate' | 'python' | 'libraries' | 'externalChecks' | 'signal'>;
  /** The files the run will check, with the team's settings of each (lint): the tools may judge them together. */
  expect(files: ReadonlyArray<{ path: string; project: RobotProject }>): void;
  /** Stops the helper (and waits until it is gone) and removes the run's temporary files. */
  close(): Promise<void>;
}

export interface CheckRunOptions {
  validate: Validation;
  /** A generation mirrors the files it read; lint checks the files where they are. */
  placement: 'mirrored' | 'in-place';
  signal?: AbortSignal;
}

/** Refuses a run whose --validate needs what this Python does not have: before any connection or model request. */
export async function requireValidationTools(validate: Validation): Promise<void> {
  if (validate !== 'robot' && validate !== 'robotcode') return;
  const python = sharedPythonHelper();
  const capabilities = await python.capabilities();
  const missing =
    capabilities?.robot == null
      ? ROBOT_REQUIRED_MESSAGE
      : validate === 'robotcode' && capabilities.robotcode == null
        ? ROBOTCODE_REQUIRED_MESSAGE
        : undefined;
  if (missing === undefined) return;
  // The run stops here: its helper goes with it.
  await python.close();
  throw new UsageError(missing);
}

/** Starts the run's helper at once, unless the checks are built-in only. */
export function openCheckRun(options: CheckRunOptions): CheckRun {
  const { validate, signal } = options;
  const python = validate === 'builtin' ? undefined : sharedPythonHelper().watch(signal).start();
  const placement: SuitePlacement | undefined =
    python === undefined ? undefined : options.placement === 'mirrored' ? new MirroredPlacement() : new InPlacePlacement();
  const externalChecks: ExternalCheck[] = [];
  if (python !== undefined && placement !== undefined) {
    // --validate robot stops at Robot Framework itself (parser, libdoc); the analyzer is for auto and robotcode.
    if (validate !== 'robot') externalChecks.push(robotCodeCheck(python, placement));
    externalChecks.push(robocopCheck(python, placement, options.placement === 'mirrored' ? 'repository-root' : 'nearest'));
  }
  const cache = new LibraryCache();
  return {
    validate,
    python,
    options: (readFile) => ({
      validate,
      python,
      libraries: libraryResolver(readFile, python, cache, options.placement === 'in-place'),
      externalChecks,
      signal,
    }),
    expect(files) {
      for (const check of externalChecks) check.expect?.(files);
    },
    async close() {
      placement?.close();
      await python?.close();
    },
  };
}

/**
 * Standard libraries first, the shipped data last. Robot puts the team's search path before
 * what is installed: on disk (lint) libdoc is given it; otherwise the repository's own files
 * (by path, or a module on the search path) are read before libdoc is asked.
 */
function libraryResolver(readFile: ReadFile, python: PythonHelper | undefined, cache: LibraryCache, onDisk: boolean): LibraryResolver {
  const installed = python === undefined ? [] : [installedLibraries(python, { searchPathOnDisk: onDisk })];
  const repository = repositoryLibraries(readFile, python);
  return chainLibraryResolvers(
    onDisk
      ? [standardLibraries, ...installed, repository, shippedLibraries]
      : [standardLibraries, repository, ...installed, shippedLibraries],
    cache,
  );
}
