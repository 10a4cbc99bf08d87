import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { tempDir } from "../fixtures/sheets.js";

it("`npm run jupyter:kernel` writes a kernelspec that runs this project's tslab with this Node.js", () => {
  const dataDir = tempDir("jupyter-");
  const r = spawnSync(process.execPath, ["scripts/jupyter-kernel.mjs"], {
    env: { ...process.env, JUPYTER_DATA_DIR: dataDir },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  const spec = JSON.parse(readFileSync(join(dataDir, "kernels", "tslab", "kernel.json"), "utf8")) as {
    argv: string[];
    language: string;
    env: Record<string, string>;
  };
  assert.equal(spec.argv[0], process.execPath);
  assert.ok(existsSync(spec.argv[1]) && spec.argv[1].endsWith(join("node_modules", "tslab", "bin", "tslab")));
  assert.deepEqual(spec.argv.slice(2), ["kernel", "--config-path", "{connection_file}"]);
  assert.equal(spec.language, "typescript");
  // The kernel reuses the report build's results (docs/method.md §11).
  assert.equal(spec.env.ALGOPROGRESS_CACHE, join(process.cwd(), "report", "dist", "cache"));
});
