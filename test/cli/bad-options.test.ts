/** Options and arguments a new user gets wrong: one readable line naming the option, never a stack trace (issue 18). */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { realisticSheet, writeTemp } from "../fixtures/sheets.js";

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8" });
const data = writeTemp("opts.csv", realisticSheet(20));

describe("bad options get a message naming the option, exit code 2, no stack trace", () => {
  const cases: [string, string[], RegExp][] = [
    ["cv --seed abc", ["cv", "--data", data, "--seed", "abc"], /--seed must be a non-negative integer, got "abc"/],
    ["cv --models 9-7", ["cv", "--data", data, "--models", "9-7"], /--models range "9-7" runs backwards/],
    [
      "report --estimator bogus",
      ["report", "--data", data, "--estimator", "bogus", "--no-pdf"],
      /--estimator must be one of faithful, penalized/,
    ],
    [
      "fit --sample bogus",
      ["fit", "--data", data, "--sample", "bogus"],
      /--sample must be one of reproduction, verified, extended/,
    ],
    ["notebook missing.ipynb", ["notebook", "missing.ipynb"], /no such notebook: missing.ipynb/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const r = cli(...args);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    });
  }
  it("data-check of a missing file names the file, exit code 1", () => {
    const r = cli("data-check", "--data", "missing.csv");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /missing\.csv: cannot read file \(ENOENT\)/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
