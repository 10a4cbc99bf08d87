import assert from "node:assert/strict";
import { it } from "node:test";
import { fitDataFromTable, normalisationOf } from "../../src/fit/data.js";
import { fitModel } from "../../src/fit/estimators.js";
import { IdentificationError } from "../../src/fit/identification.js";
import { bootstrap } from "../../src/inference/bootstrap.js";

const row = (year: number, param: number, dataset: number) => ({
  year,
  param,
  dataset,
  benchmark: "wt103",
  log_ppl: 3 + (0.1 * Math.log(param)) / 10,
});

it("refuses to fit ten parameters to five rows, naming both counts", () => {
  const data = fitDataFromTable(Array.from({ length: 5 }, (_, i) => row(2015 + i, 1e6 * (i + 1), 1e8 * (i + 2))));
  assert.throws(
    () => fitModel("7", data, normalisationOf(data), { estimator: "faithful", delta: 0.0025 }),
    (e) => e instanceof IdentificationError && /10 parameters but the sample has 5 rows/.test(e.message),
  );
});

it("names the date term when every row has one publication date, for every estimator and the bootstrap", async () => {
  const data = fitDataFromTable(Array.from({ length: 30 }, (_, i) => row(2018.5, 1e6 * (i + 1), 1e8 * ((i % 7) + 1))));
  for (const estimator of ["faithful", "penalized", "nls"] as const) {
    assert.throws(
      () => fitModel("7", data, normalisationOf(data), { estimator, delta: 0.0025, starts: 2 }),
      /alpha_year is not identified: every row has the same publication date/,
    );
  }
  await assert.rejects(
    bootstrap(
      data,
      { modelId: "7", fit: { estimator: "faithful", delta: 0.0025 }, norm: normalisationOf(data), numerical: false },
      { B: 4, seed: 0, threads: 1 },
    ),
    /beta_year is not identified/,
  );
});
