import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next-bench/**",
      ".data/**",
      "lib/db/generated/**",
      "next-env.d.ts",
      "scratch/**",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Logs are structured (lib/observability/logger.ts): a console call would bypass the ids and the redaction.
    files: ["lib/**/*.{ts,tsx}", "app/**/*.{ts,tsx}", "inngest/**/*.{ts,tsx}"],
    rules: { "no-console": "error" },
  },
];

export default config;
