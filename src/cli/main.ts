#!/usr/bin/env node
import { InputError } from "../data/csv.js";
import { IdentificationError } from "../fit/identification.js";
import { UsageError } from "../util/errors.js";
import { cleanCommand } from "./clean.js";

const USAGE = `algoprogress — algorithmic progress in language models (Ho et al. 2024, reproduced)

usage: algoprogress <command> [options]

commands:
  clean --data FILE [--corrected-target] [--sample S] [--json]     run the cleaning pipeline, print stages and log
  fit --data FILE [--model 7] [--delta 0.0025] [--estimator faithful|penalized|nls|penalized-slopes]
      [--bootstrap N] [--cluster] [--seed S] [--sample S] [--json]  fit a model, bootstrap doubling times
  cv --data FILE [--protocol as-run|cold|paper|kfold] [--estimator E] [--models 1-20] [--deltas 0,0.001,…] [--json]
                                                       cross-validate the model grid and rank it
  report [--data FILE] [--seed S] [--bootstrap N] [--sample S] [--quick] [--force] [--out DIR]
                                                       execute the notebooks, render HTML and PDF
  notebook FILE.ipynb [--out FILE]                     execute one notebook
  data-check [--data FILE]                             schema, range and coverage checks of the dataset

  S (--sample): reproduction (default: the authors' sample, values from any source), verified
  (only values read in a paper) or extended (every row, the authors' and beyond); see data/README.md
`;

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  clean: async () => cleanCommand,
  fit: async () => (await import("./fit.js")).fitCommand,
  cv: async () => (await import("./cv.js")).cvCommand,
  report: async () => (await import("./report.js")).reportCommand,
  notebook: async () => (await import("../notebook/child.js")).notebookCommand,
  "data-check": async () => (await import("./data-check.js")).dataCheckCommand,
};

/** Dispatch `algoprogress <command>`; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`algoprogress: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await (
      await load()
    )(rest);
  } catch (e) {
    if (e instanceof IdentificationError) {
      process.stderr.write(`algoprogress ${name}: the data cannot identify the model: ${e.message}\n`);
      return 1;
    }
    if (e instanceof InputError) {
      process.stderr.write(`algoprogress ${name}: input error: ${e.message}\n`);
      return 1;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`algoprogress ${name}: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
