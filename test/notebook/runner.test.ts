import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { type Notebook, TSLAB_METADATA, readNotebook } from "../../src/notebook/format.js";
import { NotebookRunner, type NotebookRunOptions } from "../../src/notebook/run.js";
import { projectRoot } from "../../src/notebook/params.js";
import { tempDir } from "../fixtures/sheets.js";

/** Run one notebook in a runner of its own. */
async function runOne(nb: string, out: string, opts: NotebookRunOptions) {
  const runner = new NotebookRunner();
  try {
    return await runner.run(nb, out, opts);
  } finally {
    runner.close();
  }
}

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
        "const bad: string = ;",
        'console.log("never")',
      ]),
    ),
  );
  const cells: number[] = [];
  const run = await runOne(nb, join(dir, "out.ipynb"), {
    onCell: (m) => cells.push(m.index),
    timeoutSeconds: 120,
  });
  assert.equal(run.ok, false);
  assert.deepEqual(cells, [1, 2, 3]);
  assert.equal(run.failed?.index, 3);
  // The build compiles cells without type-checking them (src/notebook/transpile.ts); a syntax error fails the cell.
  assert.equal(run.failed!.ename, "TypeScriptError");
  assert.match(run.failed!.evalue, /^1:21 - Expression expected/);
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
  const run = await runOne(nb, join(dir, "out.ipynb"), { timeoutSeconds: 4 });
  assert.equal(run.ok, false);
  assert.match(run.crash!, /timed out after 4 s/);
});

it("runs notebooks one after another in one process, each in a session of its own", async () => {
  const dir = tempDir("nb-");
  const lib = JSON.stringify(join(projectRoot(), "dist", "index.js"));
  const fig = '{ data: [{ type: "scatter", x: [1], y: [2] }], layout: {} } as Parameters<typeof ap.showFigure>[0]';
  const figure = `ap.showFigure(${fig});`;
  const write = (name: string, cells: string[]) => {
    writeFileSync(join(dir, name), JSON.stringify(makeNotebook(cells)));
    return join(dir, name);
  };
  const a = write("a.ipynb", [
    `import * as ap from ${lib};\nconst fromA = 1;\nconsole.log(process.pid, process.env.AP_RUNNER_TEST);\n` +
      'process.env.AP_RUNNER_LEAK = "a";\nprocess.chdir("/");',
    `${figure}\n${figure}`,
  ]);
  const b = write("b.ipynb", [
    `import * as ap from ${lib};\n` +
      "console.log(process.pid, process.env.AP_RUNNER_TEST, process.env.AP_RUNNER_LEAK, process.cwd());",
    `${figure}\n${figure}`,
    "fromA;",
  ]);
  const runner = new NotebookRunner();
  try {
    const ra = await runner.run(a, join(dir, "a.out.ipynb"), { env: { AP_RUNNER_TEST: "a" }, timeoutSeconds: 120 });
    const rb = await runner.run(b, join(dir, "b.out.ipynb"), { env: { AP_RUNNER_TEST: "b" }, timeoutSeconds: 120 });
    assert.equal(ra.ok, true);
    // Another notebook's names are not this one's.
    assert.equal(rb.failed?.index, 3);
    assert.match(rb.failed!.evalue, /fromA is not defined/);
    const [pidA, envA] = streamText(join(dir, "a.out.ipynb")).trim().split(" ");
    const [pidB, envB, leak, cwd] = streamText(join(dir, "b.out.failed.ipynb")).trim().split(" ");
    assert.equal(pidB, pidA, "both notebooks ran in the runner's one process");
    assert.deepEqual([envA, envB], ["a", "b"]);
    assert.equal(leak, "undefined", "a variable one notebook set is gone for the next");
    assert.equal(cwd, dir, "each notebook starts in its folder");
    // Each notebook's first figure carries plotly.js (a reader may open either alone); its second does not.
    for (const f of ["a.out.ipynb", "b.out.failed.ipynb"]) {
      const html = readNotebook(join(dir, f))
        .cells.filter((c) => c.cell_type === "code")[1]
        .outputs!.map((o) => (o.output_type === "display_data" ? String(o.data["text/html"]) : ""));
      assert.deepEqual(
        html.map((h) => h.includes("if (!window.Plotly)")),
        [true, false],
        f,
      );
    }

    // A notebook that takes its process down is reported, and the next one gets a new process.
    const crash = write("crash.ipynb", ["process.exit(3);"]);
    const rc = await runner.run(crash, join(dir, "crash.out.ipynb"), { timeoutSeconds: 120 });
    assert.match(rc.crash!, /exited \(code 3\) before finishing/);
    const again = await runner.run(a, join(dir, "again.ipynb"), { env: { AP_RUNNER_TEST: "c" }, timeoutSeconds: 120 });
    assert.equal(again.ok, true);
    const [pidAgain, envAgain] = streamText(join(dir, "again.ipynb")).trim().split(" ");
    assert.notEqual(pidAgain, pidA);
    assert.equal(envAgain, "c");

    // A notebook in another folder gets a process of its own (tslab resolves modules from one folder).
    const other = tempDir("nb-");
    writeFileSync(join(other, "o.ipynb"), JSON.stringify(makeNotebook(["console.log(process.pid);"])));
    const ro = await runner.run(join(other, "o.ipynb"), join(other, "o.out.ipynb"), { timeoutSeconds: 120 });
    assert.equal(ro.ok, true);
    assert.notEqual(streamText(join(other, "o.out.ipynb")).trim(), pidAgain);
  } finally {
    runner.close();
  }
});

it("compiles a notebook importing a TypeScript file of its own with tslab's compiler, which type-checks", async () => {
  const dir = tempDir("nb-");
  writeFileSync(join(dir, "helper.ts"), "export const h: number = 41;\n");
  const nb = join(dir, "t.ipynb");
  writeFileSync(
    nb,
    JSON.stringify(makeNotebook(['import { h } from "./helper";\nconsole.log(h + 1);', "const s: string = h;"])),
  );
  const run = await runOne(nb, join(dir, "out.ipynb"), { timeoutSeconds: 120 });
  assert.equal(run.failed?.index, 2);
  assert.match(run.failed!.evalue, /not assignable to type 'string'/);
  assert.equal(streamText(join(dir, "out.failed.ipynb")), "42\n");
});

/** The stdout of an executed notebook's first code cell. */
function streamText(file: string): string {
  const first = readNotebook(file).cells.find((c) => c.cell_type === "code")!;
  const o = first.outputs!.find((x) => x.output_type === "stream");
  return o && o.output_type === "stream" ? o.text : "";
}
