import assert from "node:assert/strict";
import { it } from "node:test";
import { fractionalYear, fractionalYearEpoch, parseSheetDate } from "../../src/data/dates.js";

it("fractional years follow §1.3 step 4, including the leap-year quirk (§5.18)", () => {
  assert.equal(fractionalYear(2017, 6, 12), 2017 + 162 / 365);
  assert.equal(fractionalYear(2020, 12, 31), 2021);
  assert.equal(fractionalYear(2019, 1, 1), 2019);
});

it("reference systems use days since 1970 / 365.242199 (docs/method.md Q6)", () => {
  assert.ok(Math.abs(fractionalYearEpoch(2012, 12, 1) - 2012.9167) < 1e-4);
  assert.ok(Math.abs(fractionalYearEpoch(2022, 3, 29) - 2022.2393) < 1e-4);
});

it("parses only real YYYY/MM/DD dates", () => {
  assert.deepEqual(parseSheetDate("2019/02/28"), { year: 2019, month: 2, day: 28 });
  assert.deepEqual(parseSheetDate(" 2020/2/29 "), { year: 2020, month: 2, day: 29 });
  for (const bad of ["2019/02/29", "2019/13/01", "2019-02-01", "02/01/2019", "", "2019/00/10", "soon"])
    assert.equal(parseSheetDate(bad), null, bad);
});
