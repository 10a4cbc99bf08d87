#!/usr/bin/env node
// Register a Jupyter kernel named "tslab" that runs this project's own tslab with this Node.js, so
// the notebooks open in any Jupyter front-end without a global install (`npm run jupyter:kernel`).
// Writes <data dir>/kernels/tslab/kernel.json, where the data dir is $JUPYTER_DATA_DIR or
// ~/.local/share/jupyter (the per-user location every Jupyter searches). The kernel reuses the
// report build's results (ALGOPROGRESS_CACHE, docs/method.md §11): a notebook opened after
// `npm run report` at the report's parameters does not compute its chapter again.
import { mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dataDir = process.env.JUPYTER_DATA_DIR ?? join(homedir(), ".local", "share", "jupyter");
const dir = join(dataDir, "kernels", "tslab");
const spec = {
  argv: [
    process.execPath,
    join(root, "node_modules", "tslab", "bin", "tslab"),
    "kernel",
    "--config-path",
    "{connection_file}",
  ],
  display_name: "TypeScript (algoprogress)",
  language: "typescript",
  env: { ALGOPROGRESS_CACHE: join(root, "report", "dist", "cache") },
};
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "kernel.json"), JSON.stringify(spec, null, 1) + "\n");
console.log(`wrote ${join(dir, "kernel.json")}: kernel "tslab" runs ${spec.argv[1]} with ${spec.argv[0]}`);
