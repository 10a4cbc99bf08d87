import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";

const SUBJECT = new URL("./interrupt-subject.ts", import.meta.url).pathname;
/** Whether a process runs (a zombie, stopped but not yet reaped by init, does not). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const)
  it(`on ${signal} runs the registered cleanups, stops the children and exits with ${code}`, async () => {
    const tmp = join(mkdtempSync(join(tmpdir(), "interrupt-")), "out.tmp");
    const p = spawn(process.execPath, ["--import", "tsx", SUBJECT, tmp], { stdio: ["ignore", "pipe", "pipe"] });
    const childPid = await new Promise<number>((resolve) => p.stdout.once("data", (b: Buffer) => resolve(Number(b))));
    assert.ok(alive(childPid));
    p.kill(signal);
    const exit = await new Promise<number | null>((resolve) => p.on("exit", (c) => resolve(c)));
    assert.equal(exit, code);
    assert.equal(readFileSync(`${tmp}.order`, "utf8"), "temp-file-cleanup-ran");
    assert.ok(!existsSync(`${tmp}.released`), "a released cleanup does not run");
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(!alive(childPid), "the child process was stopped");
  });
