// The shape of the keyword data writer ships for third-party libraries (generated from
// libdoc of pinned releases by scripts/generate-library-data.py).

import type { KeywordSpec } from './library-spec.js';

export interface ShippedLibrary {
  name: string;
  /** The PyPI distribution the data was taken from. */
  distribution: string;
  version: string;
  keywords: readonly KeywordSpec[];
}
