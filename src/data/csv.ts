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
 * Parse comma-separated text with a header row (RFC 4180 quoting, CRLF or LF). Fails with a
 * located error on an empty file, a header that is not comma-separated, duplicate or blank header
 * names, and rows whose field count differs from the header's.
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
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { relax_column_count: true, info: true, skip_empty_lines: true }) as never;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new InputError(file, `CSV syntax error: ${err.message}`, err.lines);
  }
  const [header, ...body] = rows;
  const columns = header.record.map((c) => c.trim());
  columns.forEach((c, i) => {
    if (c === "") throw new InputError(file, `header cell ${i + 1} is blank`, 1);
    if (columns.indexOf(c) !== i) throw new InputError(file, `column "${c}" appears twice in the header`, 1);
  });
  const records = body.map(({ record, info }) => {
    // info.lines is the line on which the record ends; quoted newlines make a record span lines.
    const line = info.lines;
    if (record.length !== columns.length) {
      throw new InputError(file, `row has ${record.length} fields but the header has ${columns.length}`, line);
    }
    const cells: Record<string, string> = {};
    columns.forEach((c, i) => (cells[c] = record[i]));
    return { line, cells };
  });
  return { file, columns, records };
}
