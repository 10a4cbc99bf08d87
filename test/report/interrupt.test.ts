import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { projectRoot } from "../../src/notebook/params.js";
import { buildReport } from "../../src/report/build.js";
import { realisticSheet, tempDir, writeTemp } from "../fixtures/sheets.js";
import { makeNotebook } from "../notebook/runner.test.js";

// A build interrupted while a notebook runs: whatever the signal and whoever receives it, the
// previous report stays byte-identical, no temporary file stays in the output folder, and no
// process of the build stays alive. (Printing is covered by Chromium's pipe: it exits when the
// build does, checked by hand in issue 18's note.)
const root = projectRoot();
const SUBJECT = join(root, "test", "report", "interrupt-build.ts");
const front = tempDir("front-");
writeFileSync(join(front, "front.json"), JSON.stringify({ title: "Interrupt test", subtitle: "a build to interrupt" }));
writeFileSync(join(front, "abstract.md"), "A report whose build is interrupted.");
writeFileSync(join(front, "references.bib"), "");
const data = writeTemp(
  "interrupt.csv",
  realisticSheet(12, (i) => `Sys-${i}`),
);
const params = {
  data,
  seed: 0,
  bootstrap: 4,
  estimator: "faithful" as const,
  quick: true,
  sample: "reproduction" as const,
};
const notebook = (dir: string, code: string) =>
  writeFileSync(join(dir, "01-only.ipynb"), JSON.stringify(makeNotebook(["md:# Only chapter", code])));

/** Which of `pids` are alive (not zombies). */
function alive(pids: number[]): number[] {
  return pids.filter((p) => {
    try {
      return readFileSync(`/proc/${p}/stat`, "utf8").replace(/^\d+ \(.*\) /, "")[0] !== "Z";
    } catch {
      return false; // gone
    }
  });
}

/** Live processes started by `ppid` whose command line names `needle` (the build's notebook runners). */
function childrenOf(ppid: number, needle: string): number[] {
  const pids: number[] = [];
  for (const p of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8");
      const parent = Number(
        readFileSync(`/proc/${p}/stat`, "utf8")
          .replace(/^\d+ \(.*\) /, "")
          .split(" ")[1],
      );
      if (parent === ppid && cmd.includes(needle)) pids.push(Number(p));
    } catch {
      // gone meanwhile
    }
  }
  return alive(pids);
}

const waitFor = async (what: string, ok: () => boolean, ms = 60_000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (ok()) return;
  throw new Error(`timed out waiting for ${what}`);
};

describe("an interrupted build", { timeout: 600_000 }, () => {
  const out = tempDir("interrupted-");
  const nbDir = tempDir("interrupt-nbs-");
  const options = { params, notebooksDir: nbDir, outDir: out, frontDir: front, force: false, pdf: false };
  let before_: Buffer;

  before(async () => {
    notebook(nbDir, 'console.log("quick");');
    await buildReport({ ...options, log: () => {} });
    before_ = readFileSync(join(out, "report.html"));
  });

  for (const [how, signal, group] of [
    ["SIGINT to the build", "SIGINT", false],
    ["SIGKILL to the build", "SIGKILL", false],
    ["SIGKILL to its process group", "SIGKILL", true],
  ] as const)
    it(`${how} during a notebook: previous report intact, no stray files, no process left`, async () => {
      // A notebook that waits, with a unique marker so its process can be found.
      const marker = `wait-${signal}-${group}`;
      const dir = join(nbDir, "..", marker);
      mkdirSync(dir, { recursive: true });
      notebook(dir, `// ${marker}\nawait new Promise((r) => setTimeout(r, 120_000));`);
      const build: ChildProcess = spawn(
        process.execPath,
        ["--import", "tsx", SUBJECT, JSON.stringify({ ...options, notebooksDir: dir })],
        { cwd: root, detached: group, stdio: ["ignore", "pipe", "ignore"] },
      );
      let log = "";
      build.stdout!.on("data", (b: Buffer) => (log += String(b)));
      const exited = new Promise<number | null>((r) => build.on("exit", (code) => r(code)));
      // The build's notebook runner, once it runs the notebook.
      let runners: number[] = [];
      await waitFor(
        "the notebook to start",
        () => log.includes("executing") && (runners = childrenOf(build.pid!, "--serve")).length > 0,
      );
      if (group) process.kill(-build.pid!, signal);
      else build.kill(signal);
      const code = await exited;
      if (signal === "SIGINT") assert.equal(code, 130, log);
      await waitFor("the notebook process to end", () => alive(runners).length === 0, 10_000);
      assert.ok(readFileSync(join(out, "report.html")).equals(before_), "the previous report is untouched");
      const stray = [...readdirSync(out), ...readdirSync(join(out, "notebooks"))].filter((f) => /tmp|failed/.test(f));
      assert.deepEqual(stray, []);
    });

  it("the next build removes temporary files a killed build left behind", async () => {
    const stale = join(out, "report.html.999999999.tmp.html");
    writeFileSync(stale, "half a page");
    notebook(nbDir, 'console.log("again");');
    await buildReport({ ...options, log: () => {} });
    assert.deepEqual(
      readdirSync(out).filter((f) => f.includes(".tmp")),
      [],
    );
  });
});
