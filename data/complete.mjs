#!/usr/bin/env node
// Complete data/lm_evaluations.csv for the reproduction sample from the two published sources
// that name the authors' systems (data/README.md, "Sources and samples"):
//   - the authors' own notebook output, data/reference/authors_sample_systems.csv: the target
//     perplexity of each of their 231 evaluations (source `authors`);
//   - Epoch AI, "Data on AI Models" (CC BY 4.0), data/reference/epoch_ai_models_language.csv,
//     whose `Benchmark data` column names the authors' sheet entry: publication date, parameters,
//     training-set size (source `epoch-ai`);
// and the derivation rules written once in data/README.md (source `derived:<rule>`).
// Values read in a paper are kept and marked `paper`; a paper-read perplexity that differs from
// the authors' target stays in `Paper perplexity`. Idempotent: it re-derives every source column
// from the value columns and the two references, so it can be rerun after any edit.
// Usage: node data/complete.mjs   (then: npm run data:check)
import { parse } from "csv-parse/sync";
import { readFileSync, writeFileSync } from "node:fs";

const DATA = "data/lm_evaluations.csv";
const read = (f) => parse(readFileSync(f, "utf8"), { columns: true, skip_empty_lines: true, bom: true });
// Some rows were written with a stray carriage return in their last cell ("\r\r\n" line ends): drop it.
const rows = read(DATA).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.replace(/\r/g, "")])));
const authors = read("data/reference/authors_sample_systems.csv");
const epoch = read("data/reference/epoch_ai_models_language.csv");

const PPL = { wt103: "Perplexity (WT103)", wt2: "Perplexity (WT2)", ptb: "Perplexity (PTB)" };
const ORDER = ["wt103", "wt2", "ptb"];
/** Training-set tokens of each benchmark (data/README.md, rule `benchmark-training-set`). */
const TRAIN_TOKENS = { wt103: 103227021, wt2: 2088628, ptb: 929589 };
/** PTB's training set counted without its 42,068 end-of-sentence tokens (the other count in use). */
const PTB_WORDS = 887521;
const NEW_COLUMNS = ["Authors' sample", "Perplexity source", "Paper perplexity", "Parameters source", "Dataset size source", "Date source", "Prediction check"];
const header = [...Object.keys(rows[0]).filter((h) => !NEW_COLUMNS.includes(h)), ...NEW_COLUMNS];

const norm = (s) => s.toLowerCase().replace(/\s+/g, " ").replace(/\s*\((ptb|wt2|wt103)\)\s*$/, "").trim();
/** Epoch AI rows by the sheet names in `Benchmark data` (whole cell and comma-separated parts), exact and normalised. */
const epochByName = new Map();
for (const e of epoch) {
  const cell = e["Benchmark data"].trim();
  if (!cell) continue;
  for (const name of [cell, ...cell.split(",").map((s) => s.trim())]) {
    if (!epochByName.has(name)) epochByName.set(name, e);
    if (!epochByName.has(`~${norm(name)}`)) epochByName.set(`~${norm(name)}`, e);
  }
}
const epochFor = (...names) => {
  for (const n of names) if (n && epochByName.has(n)) return epochByName.get(n);
  for (const n of names) if (n && epochByName.has(`~${norm(n)}`)) return epochByName.get(`~${norm(n)}`);
  return null;
};

/** The authors' evaluations by system name: targets in their order. */
const targets = new Map();
for (const a of authors) {
  if (!targets.has(a.system)) targets.set(a.system, []);
  targets.get(a.system).push(Number(a.target_ppl));
}
const authorsName = (r) => r["Authors' system name"] || r.System;

/** Epoch AI's `Training dataset` when it is exactly one benchmark. */
const EPOCH_BENCHMARK = { "WikiText-103": "wt103", "WikiText-2": "wt2", "Penn TreeBank": "ptb" };

/**
 * The benchmark a row's target perplexity belongs to (rule `benchmark-of-target` in data/README.md):
 * a filled column; the benchmark in the system's name ("(PTB)", "on PTB"); the benchmark's
 * training set as the dataset size; Epoch AI's training dataset when it is one benchmark; the one
 * benchmark the source note names. Otherwise unknown.
 */
function benchmarkOf(r, e) {
  for (const b of ORDER) if (r[PPL[b]]) return b;
  const name = authorsName(r);
  const inName = /(?:\(|\bon )(PTB|WT2|WT103)\b/i.exec(name);
  if (inName) return inName[1].toLowerCase();
  if (e && EPOCH_BENCHMARK[e["Training dataset"]]) return EPOCH_BENCHMARK[e["Training dataset"]];
  const D = Number(r["Dataset Size"]);
  for (const b of ORDER) if (D === TRAIN_TOKENS[b]) return b;
  const text = r["Source detail"] ?? "";
  const said = ORDER.filter((b) => ({ wt103: /\b(WT-?103|WikiText-103)\b/i, wt2: /\b(WT-?2|WikiText-2)\b/i, ptb: /\b(PTB|Penn Treebank)\b/i })[b].test(text));
  return said.length === 1 ? said[0] : null;
}

const log = { ppl: [], params: [], dataset: [], date: [], unresolved: [], added: [], included: [] };
const isoToSheet = (d) => d.replaceAll("-", "/");
const close = (a, b, tol) => Math.abs(a - b) <= tol * Math.abs(b);

function complete(r) {
  const name = authorsName(r);
  const wanted = targets.get(name);
  r["Authors' sample"] = wanted ? "1" : "0";
  const e = wanted ? epochFor(name, r.System) : null;
  // Perplexity: the authors' target in the row's target column, the paper value kept beside it.
  const b = benchmarkOf(r, e);
  // The authors kept every row of their sample (Include? ≠ 0, Outlier? ≠ 1 in their sheet).
  if (wanted && (r["Include?"] === "0" || r["Outlier?"] === "1")) {
    log.included.push(`${name} (was Include? ${r["Include?"]}, Outlier? ${r["Outlier?"]})`);
    r["Include?"] = "1";
    r["Outlier?"] = "0";
  }
  if (wanted && b) {
    const col = PPL[b];
    const paper = r["Paper perplexity"] || (r["Perplexity source"] === "authors" ? "" : r[col]);
    // Of two authors' systems with one name, this row stands for the one whose target is nearest.
    // With no paper value, a row that already carries one of the targets keeps it (a second row for the same name).
    const own = Number(r[col]);
    const target = paper ? wanted.reduce((best, t) => (Math.abs(t - paper) < Math.abs(best - paper) ? t : best)) : wanted.includes(own) ? own : wanted[0];
    r["Paper perplexity"] = paper && !close(Number(paper), target, 1e-9) ? String(paper) : "";
    if (paper && !r["Paper perplexity"]) r["Perplexity source"] = "paper";
    else {
      r["Perplexity source"] = "authors";
      if (!r[col] || Number(r[col]) !== target) log.ppl.push(`${name}: ${b} ${r[col] || "blank"} → ${target}`);
      r[col] = String(target);
    }
  } else if (wanted) {
    r["Perplexity source"] = ORDER.some((k) => r[PPL[k]]) ? "paper" : "";
    if (!r["Perplexity source"]) log.unresolved.push(`${name}: benchmark of the target ${wanted.join("/")} not known`);
  } else r["Perplexity source"] = ORDER.some((k) => r[PPL[k]]) ? "paper" : "";
  // Parameters, dataset size and date: the paper's where read, else Epoch AI's, else a stated rule.
  if (r.Parameters) r["Parameters source"] = r["Parameters source"] || "paper";
  else if (e?.Parameters) {
    r.Parameters = String(Number(e.Parameters));
    r["Parameters source"] = "epoch-ai";
    log.params.push(`${name}: ${r.Parameters} (Epoch AI: ${e.Model})`);
  } else r["Parameters source"] = "";
  if (r["Dataset Size"]) {
    const D = Number(r["Dataset Size"]);
    const onBenchmark = r["Zero-shot?"] !== "1" && ORDER.some((k) => TRAIN_TOKENS[k] === D);
    r["Dataset size source"] = r["Dataset size source"] || (onBenchmark ? "derived:benchmark-training-set" : "paper");
  } else if (e?.["Training dataset size (datapoints)"]) {
    r["Dataset Size"] = String(Number(e["Training dataset size (datapoints)"]));
    r["Dataset size source"] = "epoch-ai";
    log.dataset.push(`${name}: ${r["Dataset Size"]} (Epoch AI: ${e.Model})`);
  } else if (wanted && b && r["Zero-shot?"] !== "1") {
    r["Dataset Size"] = String(TRAIN_TOKENS[b]);
    r["Dataset size source"] = "derived:benchmark-training-set";
    log.dataset.push(`${name}: ${r["Dataset Size"]} (trained on ${b})`);
  } else r["Dataset size source"] = "";
  if (r["Publication date"]) r["Date source"] = r["Date source"] || "paper";
  else if (e?.["Publication date"]) {
    r["Publication date"] = isoToSheet(e["Publication date"]);
    r["Date source"] = "epoch-ai";
  } else r["Date source"] = "";
  // A row is certain once every value the fits need has a source (data/README.md).
  if (wanted) {
    const complete = r["Perplexity source"] && r.Parameters && r["Dataset Size"] && r["Publication date"];
    const was = r.uncertain;
    r.uncertain = complete ? "0" : "1";
    if (was !== r.uncertain && !complete) log.unresolved.push(`${name}: incomplete (${["Parameters", "Dataset Size"].filter((c) => !r[c]).join(", ")})`);
  }
}

for (const r of rows) complete(r);

// Authors' systems with no row: a row from Epoch AI where it names the system with its paper,
// date and link; architecture by rule `architecture-from-name`; then completed like any row.
const present = new Set(rows.map(authorsName));
for (const [name, ts] of targets) {
  if (present.has(name)) continue;
  const e = epochFor(name);
  if (!e || !e.Reference || !e["Publication date"] || !/^https?:/.test(e.Link)) {
    log.unresolved.push(`${name}: no row, and Epoch AI ${e ? "gives no paper, date or link" : "does not name it"}`);
    continue;
  }
  const r = Object.fromEntries(header.map((h) => [h, ""]));
  Object.assign(r, {
    System: name,
    "Publication date": isoToSheet(e["Publication date"]),
    "Date source": "epoch-ai",
    Reference: e.Reference.replace(/^"(.*)"$/, "$1"),
    Link: e.Link,
    "Training Compute": e["Training compute (FLOP)"] ? String(Number(e["Training compute (FLOP)"])) : "",
    Epoch: e.Epochs ? String(Number(e.Epochs)) : "",
    "Zero-shot?": "0",
    "Include?": "1",
    "Outlier?": "0",
    Architecture: /transformer|gpt/i.test(name) ? "Transformer" : /rnn|lstm|rhn|rehn|qrnn/i.test(name) ? "Recurrent" : "",
    "Source detail": `Row from Epoch AI, Data on AI Models (CC BY 4.0): model "${e.Model}", reference, date, link${e.Parameters ? ", parameters" : ""}${e["Training dataset"] ? `, training dataset ${e["Training dataset"]}` : ""}. Perplexity: the authors' target (their notebook output). Architecture from the name (rule architecture-from-name).`,
  });
  complete(r);
  // Only the benchmark (hence the training-set size) unknown: added, and phase 2 (rule
  // authors-predictions) takes the benchmark that reproduces both predictions, or leaves it uncertain.
  const benchmarkOnly = r.Architecture && r.uncertain !== "0" && r.Parameters && r["Publication date"] && !r["Perplexity source"] && !r["Dataset Size"];
  if (benchmarkOnly) {
    rows.push(r);
    log.added.push(`${name} (${r.Reference}, ${r["Publication date"]}, ${r.Architecture}; benchmark left to the predictions)`);
    continue;
  }
  if (!r.Architecture || r.uncertain !== "0") {
    log.unresolved.push(`${name}: Epoch AI names it, but ${!r.Architecture ? "the architecture" : "a value"} is not known`);
    continue;
  }
  rows.push(r);
  log.added.push(`${name} (${r.Reference}, ${r["Publication date"]}, ${r.Architecture})`);
}

const show = (title, list) => console.log(`${title} (${list.length})${list.length ? ":\n  " + list.join("\n  ") : ""}`);

// Phase 2: check every authors' evaluation against the authors' own model predictions
// (data/reference/authors_predictions.csv: ŷ of model 7 and of the 2017 year-dummy model at their
// printed estimates, for each of their 231 rows). Both are known functions of (date, N, D,
// benchmark), so a row whose values are the authors' reproduces both predictions to the rounding
// of the printed estimates. Rule `authors-predictions` (data/README.md): among the candidate
// values (paper, Epoch AI, benchmark training set; each benchmark where it is unknown) take the
// combination that reproduces both predictions; where none does and one value is missing or
// wrong, solve model 7 for it and keep it only if the year-dummy model then agrees too.
const M7 = [0.912701, 0.000379, 0.055412, 0.003938, 0.067982, 0.771409, 0.176415, 0.095418, 0.03562, 0.039587];
const Y1 = [0.466551, 0.18742, 0.042573, 0.005577, 0.089667, 1.122824, 0.000097, 0.098399, 0.013778, 0.029671, -0.038833, 0.041142];
/** Agreement with both predictions needed (ln perplexity): the printed estimates' rounding moves ŷ by up to about 2e-4. */
const TOL = 4e-4;
/** A solved value is kept only if it fits both predictions this many times better than any other unknown or benchmark. */
const SEPARATION = 3;
const predictions = read("data/reference/authors_predictions.csv");
const fracYear = (d) => {
  const [y, m, dd] = d.split("/").map(Number);
  const doy = (Date.UTC(y, m - 1, dd) - Date.UTC(y, 0, 1)) / 864e5 + 1;
  return y + (doy - 1) / 365;
};
/** ŷ of model 7 (year-dummy: with S) with normalisation z = {t0, N0, D0}. */
function yhat(th, v, z) {
  const P = v.b === "ptb" ? 1 : 0;
  const W = v.b === "wt2" ? 1 : 0;
  const S = th.length > 10 && v.year >= 2017 ? 1 : 0;
  const ay = th[3] + (S ? th[10] : 0);
  const by = th[8] + (S ? th[11] : 0);
  const A = th[0] + th[1] * P + th[2] * W - ay * (v.t - z.t0) - th[4] * Math.log(v.N / z.N0);
  const B = th[5] + th[6] * P + th[7] * W - by * (v.t - z.t0) - th[9] * Math.log(v.D / z.D0);
  return Math.exp(A) + Math.exp(B);
}
const misfit = (v, p, z) => Math.max(Math.abs(yhat(M7, v, z) - p.m7), Math.abs(yhat(Y1, v, z) - p.yd));

const checked = { agree: 0, chosen: [], solved: [], pair: [], mismatch: [] };

// Rule `authors-predictions-pair` (data/README.md): for an evaluation that reproduces neither
// prediction with its candidates nor with one solved value, two values may be wrong at once (the
// authors' sheet copied a sibling's values across benchmarks, or dated a paper by a later version).
// Two equations in two unknowns always have a solution, so none is solved for: every combination of
// independently sourced values is tried, and one is kept only if it reproduces both predictions and
// no other distinct combination does. Values count as independently sourced when read in a paper,
// Epoch AI's table, the benchmark-training-set rule, the size in the authors' system name, or a
// paper's version date listed below; never a value derived from predictions (of this row or another).
/** The model a system name builds on: up to the first space, "+" or "(", without "Fine-tuned-", a trailing benchmark or a trailing size ("OPT-30B" → "opt"). */
const modelName = (s) => s.toLowerCase().replace(/^fine-?tuned[- ]/, "").split(/[ +(]/)[0].replace(/-(ptb|wt2|wt103)$/, "").replace(/-\d+(\.\d+)?[mb]$/, "");
/** Parameter counts written in a name: "(107M)", "2.8b", "33B". */
const sizesInName = (s) => [...s.matchAll(/(\d+(?:\.\d+)?)\s*([MB])\b/gi)].map((m) => Math.round(Number(m[1]) * (m[2].toUpperCase() === "M" ? 1e6 : 1e9)));
/** Later version dates of a paper (by Reference), each with its source. */
const VERSION_DATES = {
  "OPT: Open Pre-trained Transformer Language Models": [["2022/06/21", "date of arXiv 2205.01068 v4, the paper's last revision (v1 2022-05-02), as bibliographic records of the paper give it"]],
};
const SOURCED = ["paper", "epoch-ai", "derived:benchmark-training-set"];
/** Candidate values with the source each is named by (first source found). */
function pairCandidates(r, ep, b) {
  const N = new Map(), D = new Map(), T = new Map();
  const add = (m, v, why) => { if ((typeof v === "string" ? v : v > 0) && !m.has(v)) m.set(v, why); };
  if (SOURCED.includes(r["Parameters source"])) add(N, Number(r.Parameters), `this row (${r["Parameters source"]})`);
  if (SOURCED.includes(r["Dataset size source"])) add(D, Number(r["Dataset Size"]), `this row (${r["Dataset size source"]})`);
  if (SOURCED.includes(r["Date source"])) add(T, r["Publication date"], `this row (${r["Date source"]})`);
  if (ep) {
    add(N, Number(ep.Parameters), `Epoch AI (${ep.Model})`);
    add(D, Number(ep["Training dataset size (datapoints)"]), `Epoch AI (${ep.Model})`);
    if (ep["Publication date"]) add(T, isoToSheet(ep["Publication date"]), `Epoch AI (${ep.Model})`);
  }
  for (const x of sizesInName(authorsName(r))) add(N, x, `the size in the name "${authorsName(r)}"`);
  if (r["Zero-shot?"] !== "1") for (const x of b === "ptb" ? [TRAIN_TOKENS.ptb, PTB_WORDS] : [TRAIN_TOKENS[b]]) add(D, x, `the ${b} training set (rule benchmark-training-set)`);
  const siblings = rows.filter((s) => s !== r && (s.Reference === r.Reference || modelName(s.System) === modelName(r.System)));
  // Dates only of the row's own paper (its `Reference` and `Link` stay as they are).
  for (const [d, why] of VERSION_DATES[r.Reference] ?? []) add(T, d, why);
  for (const s of siblings) {
    const how = s.Reference === r.Reference ? "same paper" : "same model";
    if (SOURCED.includes(s["Parameters source"])) add(N, Number(s.Parameters), `sibling row "${s.System}" (${how}; ${s["Parameters source"]})`);
    if (SOURCED.includes(s["Dataset size source"])) add(D, Number(s["Dataset Size"]), `sibling row "${s.System}" (${how}; ${s["Dataset size source"]})`);
    if (SOURCED.includes(s["Date source"]) && s.Reference === r.Reference) add(T, s["Publication date"], `sibling row "${s.System}" (${how}; ${s["Date source"]})`);
  }
  return { N, D, T };
}
/** The one combination of sourced values that reproduces both predictions, or null (none, or several distinct). */
function pairRule(r, ep, bs, p, z) {
  const fits = [];
  for (const b of bs) {
    const { N, D, T } = pairCandidates(r, ep, b);
    for (const [d, dw] of T) for (const [n, nw] of N) for (const [x, xw] of D) {
      const v = { t: fracYear(d), year: Number(d.slice(0, 4)), N: n, D: x, b };
      const m = misfit(v, p, z);
      if (m < TOL) fits.push({ m, v, d, why: { N: nw, D: xw, date: dw } });
    }
  }
  const same = (a, c) => a.v.b === c.v.b && a.d === c.d && close(a.v.N, c.v.N, 0.005) && close(a.v.D, c.v.D, 0.005);
  if (!fits.length) return null;
  if (!fits.every((f) => same(f, fits[0]))) {
    ambiguous.push(`${authorsName(r)} (pair rule): ${fits.map((f) => `N ${f.v.N}, D ${f.v.D}, ${f.d} on ${f.v.b}`).join(" or ")}`);
    return null;
  }
  return { ...fits.sort((a, c) => a.m - c.m)[0], pair: true };
}
const ambiguous = [];
// Rounds until no value changes (a value fixed in one round can sharpen the normalisation for the next).
function phase2(quiet) {
// The authors' evaluations in their order, each with our row and its benchmark slot.
// Rows by the authors' name: usually one; two when the authors' sheet has two evaluations under one name.
const rowOf = new Map();
for (const r of rows.filter((r) => r["Authors' sample"] === "1")) rowOf.set(authorsName(r), [...(rowOf.get(authorsName(r)) ?? []), r]);
/** Our row for the authors' evaluation p: the one carrying its target when the name has several rows. */
const rowFor = (p) => {
  const rs = rowOf.get(p.system) ?? [];
  if (rs.length < 2) return rs[0];
  return rs.find((r) => ORDER.some((b) => r[PPL[b]] && Math.abs(Math.log(Number(r[PPL[b]])) - Number(p.target_log_ppl)) <= 1e-9));
};
const evals = [];
const slotCount = new Map();
for (const p of predictions) {
  const r = rowFor(p);
  if (!r) continue;
  const k = slotCount.get(p.system) ?? 0;
  slotCount.set(p.system, k + 1);
  const filled = ORDER.filter((b) => r[PPL[b]]);
  // Two of the authors' systems share a name: our row stands for the one whose target it carries.
  if (filled.length && targets.get(p.system).length > 1 && new Set(targets.get(p.system)).size > 1 && Math.abs(Math.log(Number(r[PPL[filled[0]]])) - Number(p.target_log_ppl)) > 1e-9) continue;
  evals.push({ r, slot: k, p: { m7: Number(p.predicted_log_ppl_model7), yd: Number(p.predicted_log_ppl_yeardummy2017), target: Math.exp(Number(p.target_log_ppl)) }, filled });
}
const valuesOf = (r, b) => ({ t: fracYear(r["Publication date"]), year: Number(r["Publication date"].slice(0, 4)), N: Number(r.Parameters), D: Number(r["Dataset Size"]), b });
// Normalisation: the authors' minima of t, N and D, estimated from the rows as they stand (trimmed Gauss–Newton).
let z = { t0: Infinity, N0: Infinity, D0: Infinity };
for (const { r } of evals) if (r.Parameters && r["Dataset Size"]) (z.t0 = Math.min(z.t0, fracYear(r["Publication date"]))), (z.N0 = Math.min(z.N0, Number(r.Parameters))), (z.D0 = Math.min(z.D0, Number(r["Dataset Size"])));
const usable = evals.filter((e) => e.r.Parameters && e.r["Dataset Size"] && e.filled[e.slot] !== undefined);
for (const cut of [1e-2, 3e-3, 1e-3, TOL, TOL]) {
  const keep = usable.filter((e) => misfit(valuesOf(e.r, e.filled[e.slot]), e.p, z) < cut);
  const params = (u) => ({ t0: z.t0 + u[0], N0: z.N0 * Math.exp(u[1]), D0: z.D0 * Math.exp(u[2]) });
  const res = (u) => keep.flatMap((e) => { const v = valuesOf(e.r, e.filled[e.slot]); const q = params(u); return [yhat(M7, v, q) - e.p.m7, yhat(Y1, v, q) - e.p.yd]; });
  for (let it = 0; it < 20; it++) {
    const r0 = res([0, 0, 0]);
    const J = [0, 1, 2].map((j) => { const u = [0, 0, 0]; u[j] = 1e-6; return res(u).map((x, i) => (x - r0[i]) / 1e-6); });
    const JtJ = [0, 1, 2].map((a) => [0, 1, 2].map((b) => J[a].reduce((s, x, i) => s + x * J[b][i], 0)));
    const Jtr = [0, 1, 2].map((a) => J[a].reduce((s, x, i) => s + x * r0[i], 0));
    const step = solve3(JtJ, Jtr.map((x) => -x));
    z = params(step);
  }
}
function solve3(M, v) {
  const a = M.map((row, i) => [...row, v[i]]);
  for (let c = 0; c < 3; c++) {
    const p = a.reduce((best, row, i) => (i >= c && Math.abs(row[c]) > Math.abs(a[best][c]) ? i : best), c);
    [a[c], a[p]] = [a[p], a[c]];
    for (let i = 0; i < 3; i++) if (i !== c) { const f = a[i][c] / a[c][c]; for (let j = c; j < 4; j++) a[i][j] -= f * a[c][j]; }
  }
  return a.map((row, i) => row[3] / a[i][i]);
}
const zNote = `authors' normalisation estimated from their predictions: t0 ${z.t0.toFixed(5)}, N0 ${z.N0.toPrecision(6)}, D0 ${z.D0.toPrecision(6)}`;

/** Round to the fewest significant digits (3–6) that still reproduce both predictions. */
function roundSolved(v, key, p) {
  for (const digits of [3, 4, 5, 6]) {
    const x = Number(v[key].toPrecision(digits));
    if (misfit({ ...v, [key]: x }, p, z) < TOL) return x;
  }
  return Number(v[key].toPrecision(8));
}
checked.agree = 0;
checked.mismatch = [];
ambiguous.length = 0;
const changes = checked.chosen.length + checked.solved.length + checked.pair.length;
for (const e of evals) {
  const { r, slot, p } = e;
  if (r["Publication date"] === "" ) continue;
  const ep = epochFor(authorsName(r), r.System);
  const bs = e.filled.length ? [e.filled[slot] ?? e.filled[e.filled.length - 1]] : ORDER;
  const opt = (paper, epochValue) => [...new Set([paper, epochValue].filter((x) => x > 0))];
  const ts = [...new Set([r["Publication date"], ep?.["Publication date"] ? isoToSheet(ep["Publication date"]) : ""].filter(Boolean))];
  const Ns = opt(Number(r.Parameters), Number(ep?.Parameters));
  const Ds = opt(Number(r["Dataset Size"]), Number(ep?.["Training dataset size (datapoints)"]));
  let best = null;
  const benchmarkSizes = (b) => (r["Zero-shot?"] === "1" ? [] : b === "ptb" ? [TRAIN_TOKENS.ptb, PTB_WORDS] : [TRAIN_TOKENS[b]]);
  for (const b of bs) for (const d of ts) for (const N of Ns) for (const D of [...new Set([...Ds, ...benchmarkSizes(b)])]) {
    const v = { t: fracYear(d), year: Number(d.slice(0, 4)), N, D, b };
    const m = misfit(v, p, z);
    if (!best || m < best.m - 1e-12) best = { m, v, d };
  }
  let how = "";
  if (best && best.m < TOL) how = "candidates";
  else {
    // One value missing or wrong: solve model 7 for N or for D (each benchmark where unknown) and keep the solution the year-dummy model confirms.
    const base = { t: fracYear(r["Publication date"]), year: Number(r["Publication date"].slice(0, 4)) };
    const solutions = [];
    for (const b of bs) {
      for (const key of ["N", "D"]) {
        for (const D0 of key === "N" && !Ds.length ? benchmarkSizes(b) : [Ds[0] ?? NaN]) {
        const v = { ...base, b, N: Ns[0] ?? NaN, D: D0 };
        if ((key === "N" && !(v.D > 0)) || (key === "D" && !(v.N > 0))) continue;
        const P = b === "ptb" ? 1 : 0;
        const W = b === "wt2" ? 1 : 0;
        const A = M7[0] + M7[1] * P + M7[2] * W - M7[3] * (v.t - z.t0);
        const B = M7[5] + M7[6] * P + M7[7] * W - M7[8] * (v.t - z.t0);
        const solved =
          key === "N"
            ? z.N0 * Math.exp((A - Math.log(p.m7 - Math.exp(B - M7[9] * Math.log(v.D / z.D0)))) / M7[4])
            : z.D0 * Math.exp((B - Math.log(p.m7 - Math.exp(A - M7[4] * Math.log(v.N / z.N0)))) / M7[9]);
        if (Number.isFinite(solved) && solved > 0) solutions.push({ w: { ...v, [key]: solved }, key });
        }
      }
    }
    // Keep a solution only if the year-dummy model confirms it and it fits SEPARATION times better
    // than solving for the other unknown or on another benchmark (the two models weigh N and D
    // differently, so a wrong unknown misses the second one by more).
    const fits = solutions.map((x) => ({ ...x, m: misfit(x.w, p, z) })).sort((a, b) => a.m - b.m);
    if (fits.length && fits[0].m < TOL && (fits.length === 1 || fits[1].m > SEPARATION * fits[0].m)) {
      const { w, key } = fits[0];
      w[key] = roundSolved(w, key, p);
      best = { m: misfit(w, p, z), v: w, d: r["Publication date"], solved: key };
    } else if (fits.length && fits[0].m < TOL) {
      ambiguous.push(`${authorsName(r)}: ${fits.filter((f) => f.m < 5 * TOL).map((f) => `${f.key} = ${f.w[f.key].toPrecision(3)} on ${f.w.b} (misfit ${f.m.toExponential(1)})`).join(" or ")}`);
    }
    how = best && best.m < TOL ? "solved" : "";
  }
  if (!how) {
    const pair = pairRule(r, ep, bs, p, z);
    if (pair) (best = pair), (how = "pair");
  }
  if (!how) {
    checked.mismatch.push(`${authorsName(r)} (${bs.join("/")}): best misfit ${best ? best.m.toExponential(1) : "n/a"}`);
    r["Prediction check"] = "differs";
    continue;
  }
  const v = best.v;
  const notes = [];
  const setVal = (col, srcCol, value, source, fmt = String) => {
    if (r[col] !== fmt(value) && !(typeof value === "number" && Number(r[col]) === value)) {
      notes.push(`${col} ${r[col] || "blank"} → ${fmt(value)} (${source})`);
      r[col] = fmt(value);
      r[srcCol] = source;
    }
  };
  if (best.pair) {
    // Each changed value takes the rule's label; Source detail names where the value is from.
    const from = [["Publication date", "date", best.d], ["Parameters", "N", v.N], ["Dataset Size", "D", v.D]].filter(([col, , x]) => String(r[col]) !== String(x) && Number(r[col]) !== x);
    if (from.length) notes.push(`pair rule: ${from.map(([col, k, x]) => `${col} ${x} = ${best.why[k]}`).join("; ")}`);
  }
  const pairSource = "derived:authors-predictions";
  if (best.d !== r["Publication date"]) setVal("Publication date", "Date source", best.d, best.pair ? pairSource : "epoch-ai");
  const nSource = best.pair ? pairSource : best.solved === "N" ? "derived:authors-predictions" : v.N === Number(ep?.Parameters) && v.N !== Number(r.Parameters) ? "epoch-ai" : r["Parameters source"];
  setVal("Parameters", "Parameters source", v.N, nSource);
  const dSource = best.pair ? pairSource : best.solved === "D" ? "derived:authors-predictions" : (v.D === TRAIN_TOKENS[v.b] || v.D === PTB_WORDS) && v.D !== Number(r["Dataset Size"]) ? "derived:benchmark-training-set" : v.D === Number(ep?.["Training dataset size (datapoints)"]) && v.D !== Number(r["Dataset Size"]) ? "epoch-ai" : r["Dataset size source"];
  setVal("Dataset Size", "Dataset size source", v.D, dSource);
  if (!e.filled.length) {
    r[PPL[v.b]] = String(Number(p.target.toPrecision(12)));
    r["Perplexity source"] = "authors";
    notes.push(`benchmark ${v.b} (the one that reproduces the predictions)`);
  }
  r["Prediction check"] = "agrees";
  if (notes.length) {
    (how === "pair" ? checked.pair : how === "solved" ? checked.solved : checked.chosen).push(`${authorsName(r)}: ${notes.join("; ")}`);
    r["Source detail"] = `${r["Source detail"]} | authors-predictions rule: ${notes.join("; ")}`.replace(/^ \| /, "");
  } else checked.agree++;
  if (r.Parameters && r["Dataset Size"] && r["Publication date"] && ORDER.some((b) => r[PPL[b]])) r.uncertain = "0";
}
if (quiet) return checked.chosen.length + checked.solved.length + checked.pair.length - changes;
console.log(zNote);
console.log(`checked against the authors' predictions: ${checked.agree} agree as they stand`);
show("values chosen among the candidates to reproduce the predictions", checked.chosen);
show("values solved from the predictions (confirmed by the second model)", checked.solved);
show("values of independent sources that together reproduce both predictions (pair rule)", checked.pair);
show("evaluations that reproduce neither prediction", checked.mismatch);
show("of which a solved value was ambiguous (left as they were)", ambiguous);
return 0;
}
for (let round = 0; round < 5 && phase2(true) > 0; round++);
phase2(false);


const cell = (v) => (/[",\r\n]/.test(v ?? "") ? `"${String(v).replace(/"/g, '""')}"` : (v ?? ""));
writeFileSync(DATA, [header.join(","), ...rows.map((r) => header.map((h) => cell(r[h])).join(","))].join("\r\n") + "\r\n");
show("perplexities from the authors' notebook output", log.ppl);
show("parameters from Epoch AI", log.params);
show("dataset sizes from Epoch AI or the benchmark rule", log.dataset);
show("authors' systems added from Epoch AI", log.added);
show("authors' rows set to Include? = 1, Outlier? = 0 as in their sample", log.included);
show("unresolved", log.unresolved);
