// reStructuredText files hold Robot Framework data in `.. code:: robotframework` blocks;
// Robot reads only those. Other lines become blank so messages keep the file's line numbers.

const DIRECTIVE = /^([ \t]*)\.\.[ \t]+(?:code|code-block|sourcecode)::[ \t]*robotframework[ \t]*$/i;
const OPTION = /^[ \t]+:[\w-]+:/;

export function robotDataOfRest(text: string): string {
  const lines = text.split(/\r\n|\r|\n/);
  const kept = lines.map(() => '');
  let index = 0;
  while (index < lines.length) {
    const directive = DIRECTIVE.exec(lines[index]!);
    index += 1;
    if (directive === null) continue;
    const outer = directive[1]!.length;
    while (index < lines.length && OPTION.test(lines[index]!)) index += 1;
    const block: number[] = [];
    while (index < lines.length) {
      const line = lines[index]!;
      if (line.trim() !== '' && indentation(line) <= outer) break;
      block.push(index);
      index += 1;
    }
    const data = block.filter((at) => lines[at]!.trim() !== '');
    const depth = Math.min(...data.map((at) => indentation(lines[at]!)));
    for (const at of data) kept[at] = lines[at]!.slice(depth);
  }
  return kept.join('\n');
}

function indentation(line: string): number {
  return line.length - line.trimStart().length;
}
