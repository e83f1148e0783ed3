import pino, { type Logger } from "pino";
import pretty from "pino-pretty";
import { currentLogIds } from "./log-context";
import { createRedactor, SECRET_VARIABLES, type Redactor } from "./redact";
import { observabilitySettings, type ObservabilitySettings } from "./settings";

export type { Logger } from "pino";

type Options = Pick<ObservabilitySettings, "logLevel" | "logFormat"> & {
  secrets: (string | undefined)[];
  /** Where lines go (tests); default stdout, synchronously, in this thread: no worker-thread transport. */
  destination?: pino.DestinationStream;
};

/**
 * A pino logger whose every line carries the ids of the request or job in scope (log-context.ts)
 * and passes through the redactor, arguments and error objects included.
 */
export function createLogger({ logLevel, logFormat, secrets, destination }: Options): Logger {
  const redact: Redactor = createRedactor(secrets);
  const stream = destination ?? (logFormat === "pretty" ? prettyStream() : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: logLevel,
      base: { service: "allegro" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ ...currentLogIds() }),
      // Errors are already serialized (and redacted) by the logMethod hook below.
      serializers: { err: (err: unknown) => err },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((arg) => redact(arg)) as Parameters<typeof method>;
          // pino treats an Error first argument specially; after redaction it is a plain object under `err`.
          const first = args[0];
          if (first instanceof Error) cleaned[0] = { err: cleaned[0] } as never;
          method.apply(this, cleaned);
        },
      },
    },
    stream,
  );
}

/** Readable lines for development, formatted in this thread (pino-pretty as a stream, not a transport). */
function prettyStream(): pino.DestinationStream {
  return pretty({ sync: true, colorize: process.stdout.isTTY, ignore: "pid,hostname,service" });
}

const holder = globalThis as unknown as { __allegroLogger?: Logger };

/** The process's logger (one per process, shared by the separately bundled parts of Next). */
export function getLogger(): Logger {
  if (!holder.__allegroLogger) {
    const settings = observabilitySettings();
    holder.__allegroLogger = createLogger({
      logLevel: settings.logLevel,
      logFormat: settings.logFormat,
      secrets: SECRET_VARIABLES.map((name) => process.env[name]),
    });
  }
  return holder.__allegroLogger;
}

/** A child logger for one component (`component` field on each line). */
export function loggerFor(component: string): Logger {
  return getLogger().child({ component });
}
