// Test subject for interrupt.test.ts: registers the removal of a temporary file, starts a child
// that would outlive it, reports both, then waits to be interrupted.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { onInterrupt } from "../../src/util/interrupt.js";

const tmp = process.argv[2];
writeFileSync(tmp, "half-written");
const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
onInterrupt(() => child.kill("SIGTERM"));
onInterrupt(() => writeFileSync(`${tmp}.order`, "temp-file-cleanup-ran"));
const released = onInterrupt(() => writeFileSync(`${tmp}.released`, "should not run"));
released();
process.stdout.write(`${child.pid}\n`);
setInterval(() => {}, 1000);
