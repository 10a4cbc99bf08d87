import cliProgress from "cli-progress";

/** A progress bar on stderr (hidden when stderr is not a terminal); returns update and stop. */
export function progressBar(label: string, total: number): { update: (done: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) {
    let last = -1;
    return {
      update: (done) => {
        const pct = Math.floor((100 * done) / total);
        if (pct >= last + 25 || done === total) {
          process.stderr.write(`${label}: ${done}/${total}\n`);
          last = pct;
        }
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {eta_formatted}`, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (d) => bar.update(d), stop: () => bar.stop() };
}
