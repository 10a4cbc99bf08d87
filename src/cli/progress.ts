import cliProgress from "cli-progress";
import { progressLines } from "../util/progress.js";

/** A progress bar on stderr (hidden when stderr is not a terminal); returns update and stop. */
export function progressBar(label: string, total: number): { update: (done: number) => void; stop: () => void } {
  if (!process.stderr.isTTY)
    return { update: progressLines(label, total, (l) => process.stderr.write(`${l}\n`)), stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {eta_formatted}`, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (d) => bar.update(d), stop: () => bar.stop() };
}
