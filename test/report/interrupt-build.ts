// Test subject for interrupt.test.ts: one report build with the options given as JSON in argv[2],
// run in its own process so that the test can signal it.
import { buildReport } from "../../src/report/build.js";

const options = JSON.parse(process.argv[2]) as Parameters<typeof buildReport>[0];
await buildReport({ ...options, log: (line) => process.stdout.write(`${line}\n`) });
