import type { LocalInngest } from "../../tools/inngest-local";

/** The local Inngest executor that tests/setup/env.ts started for this test file (execution off unless a test turns it on). */
export function inngestSink(): LocalInngest {
  const sink = (globalThis as { __inngestSink?: LocalInngest }).__inngestSink;
  if (!sink) throw new Error("tests/setup/env.ts did not start the local Inngest executor");
  return sink;
}
