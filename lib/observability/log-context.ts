import { AsyncLocalStorage } from "node:async_hooks";

/** The ids every log line about a request or a job carries (pino's mixin reads them). */
export type LogIds = {
  requestId?: string;
  deliveryId?: string;
  githubEvent?: string;
  syncRunId?: string;
  inngestRunId?: string;
  organizationId?: string;
  installationId?: string;
};

// On globalThis: Next bundles route handlers and instrumentation.ts separately, and both must see one store.
const holder = globalThis as unknown as { __allegroLogIds?: AsyncLocalStorage<LogIds> };
const storage = (holder.__allegroLogIds ??= new AsyncLocalStorage<LogIds>());

/** Runs `work` with `ids` added to the current ones (for its whole async call tree). */
export function withLogIds<T>(ids: LogIds, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...dropUndefined(ids) }, work);
}

/** Adds ids learnt along the way (a sync run id once the run is opened) to the current scope. */
export function addLogIds(ids: LogIds): void {
  const store = storage.getStore();
  if (store) Object.assign(store, dropUndefined(ids));
}

export function currentLogIds(): LogIds {
  return storage.getStore() ?? {};
}

function dropUndefined(ids: LogIds): LogIds {
  return Object.fromEntries(Object.entries(ids).filter(([, value]) => value !== undefined && value !== null));
}
