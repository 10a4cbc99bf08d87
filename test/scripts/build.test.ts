import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { it } from "node:test";
import { tempDir } from "../fixtures/sheets.js";

/** A one-file project with this repository's build script and installed packages. */
function project(): string {
  const dir = tempDir("build-");
  mkdirSync(join(dir, "scripts"));
  mkdirSync(join(dir, "src", "fit"), { recursive: true });
  cpSync("scripts/build.mjs", join(dir, "scripts", "build.mjs"));
  symlinkSync(resolve("node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        strict: true,
        outDir: "dist",
        rootDir: "src",
        skipLibCheck: true,
        types: [],
      },
      include: ["src/**/*.ts"],
    }),
  );
  writeFileSync(join(dir, "src", "fit", "faithful-kernel.wasm"), "kernel");
  writeFileSync(join(dir, "src", "index.ts"), "export const answer: number = 1;\n");
  return dir;
}

const build = (dir: string) => spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: dir, encoding: "utf8" });

it("`npm run build` compiles, keeps dist/ while no input changed, and compiles again after a source changes", () => {
  const dir = project();
  const first = build(dir);
  assert.equal(first.status, 0, first.stderr + first.stdout);
  assert.doesNotMatch(first.stdout, /unchanged/);
  assert.match(readFileSync(join(dir, "dist", "index.js"), "utf8"), /answer = 1/);
  assert.equal(readFileSync(join(dir, "dist", "fit", "faithful-kernel.wasm"), "utf8"), "kernel");

  assert.match(build(dir).stdout, /sources unchanged since the last build, dist\/ kept/);

  writeFileSync(join(dir, "src", "index.ts"), "export const answer: number = 2;\n");
  const again = build(dir);
  assert.doesNotMatch(again.stdout, /unchanged/);
  assert.match(readFileSync(join(dir, "dist", "index.js"), "utf8"), /answer = 2/);
});

it("`npm run build` fails on a type error and does not record the failed sources as built", () => {
  const dir = project();
  assert.equal(build(dir).status, 0);
  writeFileSync(join(dir, "src", "index.ts"), 'export const answer: number = "two";\n');
  assert.notEqual(build(dir).status, 0);
  const retried = build(dir);
  assert.notEqual(retried.status, 0, "the second run must compile (and fail) again, not report the sources unchanged");
  assert.doesNotMatch(retried.stdout, /unchanged/);
});

it("`npm run build` compiles again when the sources return to their last built state after a failed compile", () => {
  // tsc writes dist/ even when it fails: the restored sources must not be taken for what dist/ holds.
  const dir = project();
  assert.equal(build(dir).status, 0);
  writeFileSync(join(dir, "src", "index.ts"), 'export const answer: number = "two";\n');
  assert.notEqual(build(dir).status, 0);
  assert.match(readFileSync(join(dir, "dist", "index.js"), "utf8"), /"two"/);
  writeFileSync(join(dir, "src", "index.ts"), "export const answer: number = 1;\n");
  const restored = build(dir);
  assert.equal(restored.status, 0, restored.stderr + restored.stdout);
  assert.doesNotMatch(restored.stdout, /unchanged/);
  assert.match(readFileSync(join(dir, "dist", "index.js"), "utf8"), /answer = 1/);
});

it("`npm run build` removes the outputs of a source deleted since the last build, and keeps the rest", () => {
  const dir = project();
  writeFileSync(join(dir, "src", "fit", "old.ts"), "export const old = 1;\n");
  assert.equal(build(dir).status, 0);
  assert.ok(existsSync(join(dir, "dist", "fit", "old.js")));
  rmSync(join(dir, "src", "fit", "old.ts"));
  const again = build(dir);
  assert.equal(again.status, 0, again.stderr + again.stdout);
  assert.ok(!existsSync(join(dir, "dist", "fit", "old.js")), "no stale module");
  assert.ok(existsSync(join(dir, "dist", "index.js")));
  assert.equal(readFileSync(join(dir, "dist", "fit", "faithful-kernel.wasm"), "utf8"), "kernel");
});
