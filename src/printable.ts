// Text from a model, a spec, an MCP server or a linted file made safe to print:
// nothing a terminal would act on (escape sequences, NUL, carriage returns,
// bidirectional overrides) survives, and a one-line message stays one line.

/** C0 controls except tab and newline, DEL, C1 controls, and the bidirectional formatting characters. */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Breaks that would start a new line, and the tab, which a one-line message does not need either. */
const BREAKS = /[\t\n\u2028\u2029]+/g;
/** What JSON.stringify leaves raw that a terminal may still act on (C1 controls start escape sequences on some). */
const JSON_UNESCAPED = /[\u007F-\u009F\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** Multi-line text (a suite, the model's streamed words) without control characters; newlines and tabs stay. */
export function printable(text: string): string {
  return text.replace(CONTROLS, '');
}

/** One line: control characters dropped, line breaks and tabs turned into a space. */
export function printableLine(text: string): string {
  return printable(text).replace(BREAKS, ' ');
}

/** JSON with every character a terminal could act on escaped; still the same JSON value. */
export function printableJson(value: unknown, space?: number): string {
  return JSON.stringify(value, null, space).replace(JSON_UNESCAPED, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
