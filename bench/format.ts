// Numbers for people: medians, milliseconds, bytes and ratios as the report prints them.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function count(value: number): string {
  return grouped.format(value);
}

export function ms(value: number): string {
  return `${grouped.format(Math.round(value))} ms`;
}

export function bytes(value: number): string {
  if (value < 1024) return `${value} B`;
  const kib = value / 1024;
  return kib < 1024 ? `${count(value)} B (${kib.toFixed(1)} KiB)` : `${count(value)} B (${(kib / 1024).toFixed(2)} MiB)`;
}

export function megabytes(kilobytes: number): string {
  return `${(kilobytes / 1024).toFixed(1)} MiB`;
}

export function ratio(larger: number, smaller: number): string {
  return smaller > 0 ? `${(larger / smaller).toFixed(1)}x` : 'n/a';
}

/** Aligned columns; the first row is the header. */
export function table(rows: ReadonlyArray<readonly string[]>, indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows.map((row) =>
    (
      indent + row.map((cell, index) => (index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0))).join('  ')
    ).trimEnd(),
  );
}
