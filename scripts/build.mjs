// `npm run build`: compile src/ to dist/ unless nothing the compiler reads has changed since the
// last build. TypeScript's incremental mode still loads and checks the whole program (about 2 s
// here); comparing a content hash of its inputs takes a few milliseconds, which is what makes an
// unchanged `npm run report` fast. Contents, not modification times: a checkout or a copy that
// keeps old times cannot fool it. (The library's `treeHash` hashes a folder the same way, but this
// script runs before the library is compiled, so it cannot import it.)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const record = join(root, "dist", ".build-hash");
const WASM = "src/fit/faithful-kernel.wasm";

/** Files under `dir`, sorted, as paths relative to the project root. */
function files(dir) {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

// What the compiler reads: the sources, its configuration, and the installed packages (their types).
const inputs = [...files("src"), "tsconfig.json", "package.json", "package-lock.json"].filter((f) =>
  existsSync(join(root, f)),
);
const hash = createHash("sha256");
for (const f of inputs)
  hash
    .update(f)
    .update("\0")
    .update(readFileSync(join(root, f)))
    .update("\0");
const digest = hash.digest("hex");

if (existsSync(record) && readFileSync(record, "utf8") === digest && existsSync(join(root, "dist", "index.js"))) {
  console.log("build: sources unchanged since the last build, dist/ kept");
} else {
  // tsc writes dist/ even when it reports errors: the record goes first, so that after a failed
  // compile the next build compiles again, whatever its sources.
  rmSync(record, { force: true });
  const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
    cwd: root,
    stdio: "inherit",
  });
  // The compiler has printed its errors; nothing is recorded, so the next build compiles again.
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  cpSync(join(root, WASM), join(root, "dist/fit/faithful-kernel.wasm"));
  // tsc never removes what it compiled from a source since deleted or moved: remove it here, so
  // that dist/ holds the current library only (its content hash keys the result cache).
  for (const f of files("dist")) {
    const source = f.replace(/^dist/, "src").replace(/(\.d)?\.(js|ts)(\.map)?$/, ".ts");
    if (source !== f.replace(/^dist/, "src") && !existsSync(join(root, source))) rmSync(join(root, f));
  }
  writeFileSync(record, digest);
}
