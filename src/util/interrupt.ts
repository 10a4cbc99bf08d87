/**
 * What an interrupted run must undo. A long command (the report build) registers, while it works,
 * the temporary files it is writing and the child processes it has started; on SIGINT or SIGTERM
 * every registered cleanup runs (children are stopped, temporary files removed) and the process
 * exits with 128 + the signal's number, as a shell expects. Cleanups must be synchronous.
 */
const cleanups = new Set<() => void>();
const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
let installed = false;

function onSignal(signal: keyof typeof SIGNALS): void {
  for (const c of [...cleanups].reverse()) {
    try {
      c();
    } catch {
      // A cleanup that fails must not keep the others from running.
    }
  }
  process.stderr.write(`\ninterrupted (${signal}): stopped child processes and removed temporary files\n`);
  process.exit(128 + SIGNALS[signal]);
}

/**
 * Run `cleanup` if the process is interrupted before the returned function is called (which
 * unregisters it).
 *
 * @example
 * const done = onInterrupt(() => rmSync(tmp, { force: true }));
 * writeFileSync(tmp, data); renameSync(tmp, file);
 * done();
 */
export function onInterrupt(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    for (const s of Object.keys(SIGNALS) as (keyof typeof SIGNALS)[]) process.on(s, () => onSignal(s));
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
