/**
 * Escaping for every report format, in one place. Reports embed names and values read from the database
 * (identifiers, defaults, enum values), which can hold any character but NUL: each helper makes one such text
 * safe where its format puts it, so a hostile name can neither break the layout nor inject markup or commands.
 */

// Characters that move the cursor, start terminal escapes or reorder text: C0 controls (tab aside), DEL, C1
// controls, the Unicode line and paragraph separators, and the bidirectional embeddings, overrides and isolates.
const LAYOUT_CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** C0 controls and DEL as their Unicode control pictures (`␊` for a line feed, `␛` for escape), others as `<U+202E>`. */
const picture = (char: string): string => {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
};

/**
 * Text on one line, every line break and control character shown as a visible symbol: for the terminal (no
 * escape sequence reaches it), Markdown table rows and SQL `--` comments (neither may end early).
 */
export const oneLine = (text: string): string => text.replace(LAYOUT_CONTROLS, picture);

/** Text inside a `--` comment of a SQL script: PostgreSQL ends a comment at CR or LF, which oneLine removes. */
export const sqlComment = oneLine;

// ---------------------------------------------------------------------------------------------- Markdown (GFM)

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/**
 * Markdown text, anywhere a paragraph, heading, list item or table cell holds text: every ASCII punctuation
 * character is backslash-escaped (CommonMark makes any escaped punctuation literal, so no emphasis, link,
 * HTML tag, entity, code span or table pipe can start), and line breaks become visible symbols.
 */
export const markdownText = (text: string): string => oneLine(text).replace(ASCII_PUNCTUATION, '\\$&');

/**
 * A CommonMark code span: fenced by one backtick more than the longest run inside, padded with a space when the
 * content starts or ends with a backtick or would lose a space it starts and ends with.
 */
function codeSpan(content: string): string {
  let longest = 0;
  for (let run = 0, i = 0; i < content.length; i += 1) {
    run = content[i] === '`' ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  const fence = '`'.repeat(longest + 1);
  const pad = /^[`\s]|[`\s]$/.test(content) && /[^ ]/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

const isEmpty = (value: string | null | undefined): value is null | undefined | '' => value === null || value === undefined || value === '';

/** A value as inline code in Markdown text (not in a table), or an em dash when empty. */
export const markdownCode = (value: string | null | undefined): string => (isEmpty(value) ? '—' : codeSpan(oneLine(value)));

/**
 * A value as one GFM table cell: inline code with its pipes escaped, or an em dash when empty. GFM splits a row
 * at every pipe not escaped by a backslash, and pairs backslashes first, so code whose content has a backslash
 * right before a pipe cannot be written in a cell at all: such a value is given as escaped text instead.
 */
export function markdownCell(value: string | null | undefined): string {
  if (isEmpty(value)) return '—';
  const line = oneLine(value);
  return line.includes('\\|') ? markdownText(line) : codeSpan(line.replaceAll('|', '\\|'));
}

/** A fenced code block that nothing inside can close: its fence is longer than any backtick run in the content. */
export function markdownCodeBlock(content: string, info: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${content}\n${fence}`;
}

// ------------------------------------------------------------------------------------------------ HTML and XML

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text and (quoted) attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]!);

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// What XML 1.0 cannot carry even as a character reference: C0 controls but tab, LF and CR (shown as control
// pictures, as elsewhere), lone surrogates, U+FFFE and U+FFFF (replaced by U+FFFD).
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

/** XML character data (and the base of attribute values). */
export const xmlText = (text: string): string =>
  text.replace(XML_FORBIDDEN, (char) => (char.length === 1 && char.charCodeAt(0) < 0x20 ? picture(char) : '\ufffd')).replace(/[&<>"']/g, (char) => XML_ENTITIES[char]!);

/** An XML attribute value in double quotes: also keeps its line breaks and tabs (a parser would turn them into spaces). */
export const xmlAttribute = (text: string): string => xmlText(text).replaceAll('\n', '&#10;').replaceAll('\r', '&#13;').replaceAll('\t', '&#9;');

// ------------------------------------------------------------------------------------------- JSON and SARIF

/** A JSON document: built as a value and serialized, never pieced together from strings. */
export const jsonDocument = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * SARIF plain-text message: viewers read `[text](id)` as a link to a related location, so literal brackets and
 * backslashes are escaped with a backslash (SARIF 2.1.0 §3.11.6, as CodeQL writes them).
 */
export const sarifText = (text: string): string => text.replace(/[\\[\]]/g, '\\$&');

// -------------------------------------------------------------------------------- GitHub workflow commands

/** Data of a workflow command (after `::`): one line whatever the text, as @actions/core escapes it. */
export const workflowData = (text: string): string => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');

/** A property value of a workflow command (`title=`, `file=`): also `:` and `,`, which end a property. */
export const workflowProperty = (text: string): string => workflowData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
