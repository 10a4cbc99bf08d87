/**
 * Progress as lines of text, for output that is not a terminal (a log, a notebook cell): "label:
 * done/total" once each quarter of the work is done.
 *
 * @example
 * const update = progressLines("bootstrap", 200, (line) => console.log(line));
 * update(50); // prints "bootstrap: 50/200"
 */
export function progressLines(label: string, total: number, write: (line: string) => void): (done: number) => void {
  let shown = 0;
  return (done) => {
    const step = Math.floor((PROGRESS_STEPS * done) / total);
    if (step > shown) {
      write(`${label}: ${done}/${total}`);
      shown = step;
    }
  };
}

/** Progress lines per task: one per quarter. */
const PROGRESS_STEPS = 4;
