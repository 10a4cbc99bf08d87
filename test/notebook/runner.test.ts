import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { type Notebook, TSLAB_METADATA, readNotebook } from "../../src/notebook/format.js";
import { runNotebookProcess } from "../../src/notebook/run.js";
import { tempDir } from "../fixtures/sheets.js";

/** A notebook from cell sources; a leading "md:" makes a markdown cell. */
export function makeNotebook(cells: string[]): Notebook {
  return {
    cells: cells.map((c) =>
      c.startsWith("md:")
        ? { cell_type: "markdown", metadata: {}, source: c.slice(3) }
        : { cell_type: "code", metadata: {}, source: c, outputs: [], execution_count: null },
    ),
    metadata: TSLAB_METADATA,
    nbformat: 4,
    nbformat_minor: 5,
  };
}

it("executes TypeScript cells in a child process and captures every kind of output", async () => {
  const dir = tempDir("nb-");
  const nb = join(dir, "t.ipynb");
  writeFileSync(
    nb,
    JSON.stringify(
      makeNotebook([
        "md:# Title",
        'import { display } from "tslab";\nconst x: number = 40 + 2;\nconsole.log("hello", x);\nx',
        [
          'display.raw("application/vnd.plotly.v1+json", JSON.stringify({ data: [], layout: {} }));',
          'display.html("<b>b</b>");',
          "await new Promise((r) => setTimeout(r, 5));",
          'process.stderr.write("warn\\n");',
        ].join("\n"),
        "const bad: string = 5;",
        'console.log("never")',
      ]),
    ),
  );
  const cells: number[] = [];
  const run = await runNotebookProcess(nb, join(dir, "out.ipynb"), {
    onCell: (m) => cells.push(m.index),
    timeoutSeconds: 120,
  });
  assert.equal(run.ok, false);
  assert.deepEqual(cells, [1, 2, 3]);
  assert.equal(run.failed?.index, 3);
  assert.match(run.failed!.evalue, /not assignable to type 'string'/);
  assert.ok(!existsSync(join(dir, "out.ipynb")), "a failed run never writes the executed notebook's real name");
  const out = readNotebook(join(dir, "out.failed.ipynb"));
  const [c1, c2, c3, c4] = out.cells.filter((c) => c.cell_type === "code");
  assert.deepEqual(c1.outputs, [
    { output_type: "stream", name: "stdout", text: "hello 42\n" },
    { output_type: "execute_result", execution_count: 1, data: { "text/plain": "42" }, metadata: {} },
  ]);
  assert.deepEqual(
    c2.outputs!.map((o) => (o.output_type === "display_data" ? Object.keys(o.data)[0] : o.output_type)),
    ["application/vnd.plotly.v1+json", "text/html", "stream", "execute_result"],
  );
  assert.deepEqual((c2.outputs![0] as { data: Record<string, unknown> }).data["application/vnd.plotly.v1+json"], {
    data: [],
    layout: {},
  });
  assert.equal(c3.outputs![0].output_type, "error");
  assert.deepEqual(c4.outputs, []);
});

it("reports a notebook that hangs as timed out", async () => {
  const dir = tempDir("nb-");
  const nb = join(dir, "t.ipynb");
  writeFileSync(nb, JSON.stringify(makeNotebook(["await new Promise(() => setInterval(() => {}, 1000));"])));
  const run = await runNotebookProcess(nb, join(dir, "out.ipynb"), { timeoutSeconds: 4 });
  assert.equal(run.ok, false);
  assert.match(run.crash!, /timed out after 4 s/);
});
