/** The notebooks are valid nbformat 4.5: every cell has a unique id of the allowed form (issue 19). */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { it } from "node:test";

const dir = new URL("../../notebooks/", import.meta.url);
const files = readdirSync(dir).filter((f) => /^\d{2}-[^.]+\.ipynb$/.test(f));

it("every notebook is nbformat 4.5 with a unique, well-formed id on every cell", () => {
  assert.ok(files.length >= 6);
  for (const f of files) {
    const nb = JSON.parse(readFileSync(new URL(f, dir), "utf8")) as {
      nbformat: number;
      nbformat_minor: number;
      cells: { id?: string; cell_type: string }[];
    };
    assert.deepEqual([nb.nbformat, nb.nbformat_minor], [4, 5], f);
    const ids = nb.cells.map((c) => c.id ?? "");
    for (const id of ids) assert.match(id, /^[a-zA-Z0-9-_]{1,64}$/, `${f}: cell id "${id}"`);
    assert.equal(new Set(ids).size, ids.length, `${f}: cell ids repeat`);
  }
});

const PYTHON = process.env.ALGOPROGRESS_PYTHON ?? "/usr/bin/python3";
const nbformatMissing = (() => {
  const r = spawnSync(PYTHON, ["-c", "import nbformat"], { encoding: "utf8" });
  return r.status === 0 ? false : `nbformat is not importable by ${PYTHON} (apt-get install python3-nbformat)`;
})();

it("passes Jupyter's own nbformat validation, without warnings", { skip: nbformatMissing }, () => {
  const script =
    "import nbformat,sys,warnings\nwarnings.simplefilter('error')\n" +
    "for f in sys.argv[1:]:\n    nbformat.validate(nbformat.read(f, as_version=4))";
  const r = spawnSync(PYTHON, ["-c", script, ...files.map((f) => fileURLToPath(new URL(f, dir)))], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
});
