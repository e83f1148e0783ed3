/**
 * The layering, enforced by `npm run lint` (see ARCHITECTURE.md, "Import rules"):
 * app/ and inngest/ are the outer shells; lib/ is the domain and knows neither;
 * components/ are shared views that never reach back into routes; tools/ are
 * stand-ins for outside services that only launchers and tests start.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment:
        "A cycle makes two modules one; break it by moving the shared part down. Cycles made only of " +
        "`import type` edges are erased at compile time and allowed (a router and its route tables share types).",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "lib-is-the-core",
      severity: "error",
      comment: "lib/ is the domain: routes, views, the job adapter, tools and tests build on it, never the reverse.",
      from: { path: "^lib/" },
      to: { path: "^(app|components|inngest|tools|tests)/" },
    },
    {
      name: "components-do-not-import-routes",
      severity: "error",
      comment: "Shared components get server actions as props from the pages that own them.",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "tests-are-private",
      severity: "error",
      comment: "Nothing outside tests/ imports tests/.",
      from: { pathNot: "^tests/" },
      to: { path: "^tests/" },
    },
    {
      name: "tools-are-for-launchers-and-tests",
      severity: "error",
      comment: "The GitHub simulator and the local Inngest stand-in are started by scripts/, bench/ and tests/ only.",
      from: { pathNot: "^(scripts|bench|tests|tools)/" },
      to: { path: "^tools/" },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      comment: "An import that does not resolve would slip past the rules above.",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: {
      path: "^(node_modules|\\.next|\\.next-bench|\\.data|lib/db/generated|test-results|playwright-report|scratch)/|^next-env\\.d\\.ts$",
    },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      mainFields: ["module", "main", "types", "typings"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
