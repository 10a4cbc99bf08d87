// Lint configuration: typescript-eslint's recommended rules, and the one-way layering of src/.
// A folder may import only from folders below it in LAYERS (same layer: only the folders listed
// before it); `npm test` runs this, so an upward import fails the tests.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** src/ folders from the bottom of the pipeline to the top. */
const LAYERS = [
  ["util", "random", "stats", "numeric"],
  ["data"],
  ["fit"],
  ["progress"],
  ["inference"],
  ["attribution", "cv"],
  ["robustness", "extensions", "identify"],
  ["figures"],
  ["notebook"],
  ["report"],
  ["cli"],
];
const order = LAYERS.flat();

/** For each folder, the folders it must not import: every folder after it in `order`. */
const boundaries = order.map((folder, i) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: order.slice(i + 1).map((above) => ({
          group: [`../${above}/*`, `../../${above}/*`],
          message:
            `src/${folder} sits below src/${above} in the pipeline (eslint.config.js LAYERS) ` +
            "and may not import from it.",
        })),
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      "dist/",
      ".scratch/",
      "node_modules/",
      "report/dist/",
      "report/.cache/",
      "notebooks/",
      "data/",
      "**/*.mjs",
      "**/*.cjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Prettier wraps code at 120 columns but not strings or comments; this catches those.
      "max-len": ["error", { code: 120, tabWidth: 2 }],
    },
  },
  {
    // Small modules with one job each: a longer file or function needs a disable comment saying why.
    files: ["src/**/*.ts"],
    rules: {
      "max-lines": ["error", { max: 400, skipBlankLines: true, skipComments: true }],
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  ...boundaries,
);
