import type { InngestSink } from "../../tools/inngest-local/event-api";

/** The Inngest event API stand-in that tests/setup/env.ts started for this test file. */
export function inngestSink(): InngestSink {
  const sink = (globalThis as { __inngestSink?: InngestSink }).__inngestSink;
  if (!sink) throw new Error("tests/setup/env.ts did not start the Inngest sink");
  return sink;
}
