import { parse } from "csv-parse/sync";

/** A problem with an input file, located by file, 1-based line and column name where known. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ""}${column !== undefined ? ` [${column}]` : ""}: ${message}`);
    this.name = "InputError";
  }
}

/** A parsed CSV: header names and records keyed by header, each with its 1-based source line. */
export interface CsvTable {
  file: string;
  columns: string[];
  records: { line: number; cells: Record<string, string> }[];
}

/**
 * Decode bytes as UTF-8, rejecting what a CSV reader would silently garble: UTF-16 (BOM or NUL
 * bytes) and invalid UTF-8. A UTF-8 byte-order mark is dropped.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.includes(0)) {
    throw new InputError(file, "file looks like UTF-16 (byte-order mark or NUL bytes); save it as UTF-8 CSV");
  }
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    let line = 1;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x0a) line++;
      const b = bytes[i];
      if (b >= 0x80) {
        const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
        let ok = len > 0 && i + len <= bytes.length;
        for (let k = 1; ok && k < len; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
        if (!ok) break;
        i += len - 1;
      }
    }
    throw new InputError(file, "file is not valid UTF-8 (re-export it as UTF-8 CSV)", line);
  }
}

/**
 * Parse comma-separated text with a header row (RFC 4180 quoting; CRLF, LF or CR line ends, mixed
 * or not; empty lines skipped). Fails with a located error on an empty file, a header that is not
 * comma-separated, duplicate or blank header names, and rows whose field count differs from the
 * header's.
 */
export function parseCsv(text: string, file: string): CsvTable {
  if (text.trim() === "") throw new InputError(file, "file is empty");
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (!firstLine.includes(",")) {
    const guess = firstLine.includes(";") ? "semicolons" : firstLine.includes("\t") ? "tabs" : "no delimiter";
    throw new InputError(
      file,
      `header is not comma-separated (found ${guess}); export the sheet as comma-separated CSV`,
      1,
    );
  }
  const records: CsvTable["records"] = [];
  let columns: string[] = [];
  let add: ((record: string[], line: number) => void) | undefined;
  // The first record is the header; the others are typed as they are read, so the raw fields of
  // the whole file are never held at once.
  const take = (record: string[], line: number) => {
    if (add) return add(record, line);
    columns = headerColumns(record, file);
    add = rowAdder(columns, file, records);
  };
  if (text.includes('"')) {
    for (const { record, line } of parseQuoted(text, file)) take(record, line);
  } else {
    // Without a quote character every line is a record and every comma a separator: splitting gives
    // what csv-parse gives (empty lines skipped; CRLF, LF or CR line ends), three times faster and
    // without an information object per record (issue: a 100,000-row sheet).
    const lines = text.split(/\r\n|\n|\r/);
    for (let i = 0; i < lines.length; i++) if (lines[i] !== "") take(lines[i].split(","), i + 1);
  }
  return { file, columns, records };
}

/** Header names, trimmed; a blank or repeated name is an error on line 1. */
function headerColumns(record: string[], file: string): string[] {
  const columns = record.map((c) => c.trim());
  columns.forEach((c, i) => {
    if (c === "") throw new InputError(file, `header cell ${i + 1} is blank`, 1);
    if (columns.indexOf(c) !== i) throw new InputError(file, `column "${c}" appears twice in the header`, 1);
  });
  return columns;
}

/**
 * The function that appends one body row to `records` as cells keyed by column. Each row's cells are
 * a clone of one template object, so every row holds its cells in the object itself (one shape for
 * the table), and equal texts of a column share one string: a large sheet repeats its papers,
 * dates, architectures and flags (issue: a 100,000-row sheet).
 */
function rowAdder(columns: string[], file: string, records: CsvTable["records"]) {
  const template: Record<string, string> = Object.fromEntries(columns.map((c) => [c, ""]));
  // Once a column has INTERNED_PER_COLUMN distinct texts, it remembers no more; it goes on being
  // looked up while at least half of its rows so far found their text (sizes, perplexities), and
  // stops when fewer did (names, titles).
  const seen: (Map<string, string> | null)[] = columns.map(() => new Map<string, string>());
  const found = new Array<number>(columns.length).fill(0);
  let rows = 0;
  return (record: string[], line: number) => {
    if (record.length !== columns.length) {
      throw new InputError(file, `row has ${record.length} fields but the header has ${columns.length}`, line);
    }
    const cells = { ...template };
    rows++;
    for (let i = 0; i < columns.length; i++) {
      const text = record[i];
      const texts = seen[i];
      const shared = texts?.get(text);
      if (shared !== undefined) {
        cells[columns[i]] = shared;
        found[i]++;
        continue;
      }
      cells[columns[i]] = text;
      if (!texts) continue;
      if (texts.size < INTERNED_PER_COLUMN) texts.set(text, text);
      else if (2 * found[i] < rows) seen[i] = null;
    }
    records.push({ line, cells });
  };
}

/** Distinct texts a column remembers to share its strings between rows. */
const INTERNED_PER_COLUMN = 4096;

/** One CSV record with the 1-based line on which it ends (quoted newlines make a record span lines). */
interface RawRecord {
  record: string[];
  line: number;
}

/**
 * Text with quotes: csv-parse, strict about quoting, with the line each record ends on. Lines are
 * counted here from the offset where csv-parse ends each record (`info.bytes`, in UTF-8 bytes): its
 * own count (`info.lines`) takes a CRLF inside a quoted field for two lines.
 */
function parseQuoted(text: string, file: string): RawRecord[] {
  // Line ends are single bytes in UTF-8, never part of another character's bytes.
  const bytes = Buffer.from(text, "utf8");
  const lines = lineCounter(bytes);
  try {
    const rows = parse(text, {
      relax_column_count: true,
      info: true,
      skip_empty_lines: true,
      // Any line end, as in the unquoted path (by default csv-parse keeps the first one it meets).
      record_delimiter: ["\r\n", "\n", "\r"],
    }) as unknown as {
      record: string[];
      info: { bytes: number };
    }[];
    // A record's offset includes its own line end, which is not on its line.
    return rows.map(({ record, info }) => ({ record, line: lines(info.bytes) - +isLineEnd(bytes, info.bytes - 1) }));
  } catch (e) {
    // csv-parse's error carries the offset where the failing record starts; its message, a line
    // number of its own count, which is left out.
    const err = e as { bytes?: number; message: string };
    const message = err.message.replace(/ at line \d+/, "");
    throw new InputError(file, `CSV syntax error: ${message}`, err.bytes === undefined ? undefined : lines(err.bytes));
  }
}

/**
 * The 1-based line of a byte offset of UTF-8 `bytes` (CRLF, LF or CR line ends), for offsets asked
 * in increasing order: the count goes on from the last offset, so a file is scanned once.
 */
function lineCounter(bytes: Uint8Array): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (; at < offset; at++) line += +isLineEnd(bytes, at);
    return line;
  };
}

/** Whether byte `i` ends a line (LF, or a CR not followed by LF). */
function isLineEnd(bytes: Uint8Array, i: number): boolean {
  return bytes[i] === LF || (bytes[i] === CR && bytes[i + 1] !== LF);
}

const LF = 0x0a;
const CR = 0x0d;
