import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { tempDir } from "../fixtures/sheets.js";

// Every notebook through a real Jupyter client (Debian's python3-nbclient, which .ci/run installs)
// with this project's tslab kernel, as a Jupyter user runs it. Small parameters keep it short;
// the notebooks read them from ALGOPROGRESS_PARAMS exactly as under the report build.
const PYTHON = "/usr/bin/python3";
const root = new URL("../../", import.meta.url).pathname;
const why = (() => {
  const r = spawnSync(PYTHON, ["-c", "import nbclient, nbformat"], { encoding: "utf8" });
  return r.status === 0
    ? null
    : `${PYTHON} cannot import nbclient and nbformat (apt-get install python3-nbclient python3-nbformat ` +
        `jupyter-client)`;
})();

it(
  "every notebook runs under nbclient with the tslab kernel: no errors, figures as objects with an HTML fallback",
  { skip: why ?? false, timeout: 1_500_000 },
  () => {
    const dataDir = tempDir("jupyter-");
    const env = {
      ...process.env,
      JUPYTER_DATA_DIR: dataDir,
      ALGOPROGRESS_PARAMS: JSON.stringify({ bootstrap: 20, quick: true, seed: 3 }),
    };
    const k = spawnSync(process.execPath, ["scripts/jupyter-kernel.mjs"], { cwd: root, env, encoding: "utf8" });
    assert.equal(k.status, 0, k.stderr);
    const notebooks = readdirSync(join(root, "notebooks"))
      .filter((f) => /^\d{2}-[^.]+\.ipynb$/.test(f))
      .sort()
      .map((f) => join(root, "notebooks", f));
    const r = spawnSync(PYTHON, [join(root, "test", "notebook", "run_nbclient.py"), ...notebooks], {
      cwd: root,
      env,
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    assert.equal(r.status, 0, r.stderr);
    const runs = r.stdout
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as Record<string, unknown> & {
            figures: number;
            figureObjects: number;
            figureFallbacks: number;
            tables: number;
          },
      );
    assert.equal(runs.length, notebooks.length);
    for (const run of runs) {
      const name = String(run.notebook).split("/").pop();
      assert.equal(run.error, null, `${name}: ${String(run.error)}`);
      assert.deepEqual(run.errors, [], `${name}: error outputs`);
      // tslab sends no error message for a failing cell: its error arrives as stderr text.
      assert.deepEqual(run.stderr, [], `${name}: stderr output`);
      assert.ok(run.figures + run.tables > 0, `${name} shows tables or figures`);
      assert.equal(run.figureObjects, run.figures, `${name}: every figure is an object with data and layout`);
      assert.equal(run.figureFallbacks, run.figures, `${name}: every figure has its HTML fallback`);
    }
    assert.ok(runs.reduce((a, x) => a + x.figures, 0) >= 10, "the notebooks' figures all arrived");
  },
);
