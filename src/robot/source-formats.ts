// Every format Robot Framework reads data from: plain text (`.robot`, `.resource`, `.txt`,
// `.tsv`), reStructuredText code blocks (`.rst`, `.rest`) and JSON resources (`.json`).

import path from 'node:path';

import { readJsonResource } from './json-resource.js';
import type { RobotFile } from './model.js';
import { type ReadOptions, readRobot } from './reader.js';
import { robotDataOfRest } from './rest-blocks.js';

/** Extensions Robot imports as resource files. */
export const RESOURCE_EXTENSIONS: readonly string[] = ['.resource', '.robot', '.txt', '.tsv', '.rst', '.rest', '.json'];

/** The file's model, or undefined when a `.json` file is not a JSON resource. */
export function readRobotSource(filePath: string, text: string, options: ReadOptions = {}): RobotFile | undefined {
  const extension = path.posix.extname(filePath).toLowerCase();
  if (extension === '.json') return readJsonResource(text);
  if (extension === '.rst' || extension === '.rest') return readRobot(robotDataOfRest(text), options);
  return readRobot(text, options);
}

/** The text Robot Framework's own parser should see for the file, or undefined when it reads no text. */
export function robotText(filePath: string, text: string): string | undefined {
  const extension = path.posix.extname(filePath).toLowerCase();
  if (extension === '.json') return undefined;
  if (extension === '.rst' || extension === '.rest') return robotDataOfRest(text);
  return text;
}
