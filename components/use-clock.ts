"use client";

import { useSyncExternalStore } from "react";

// One subscribe function per interval: useSyncExternalStore resubscribes whenever it changes identity.
const subscribers = new Map<number, (tick: () => void) => () => void>();

function subscribeEvery(intervalMs: number) {
  let subscribe = subscribers.get(intervalMs);
  if (!subscribe) {
    subscribe = (tick) => {
      const timer = setInterval(tick, intervalMs);
      return () => clearInterval(timer);
    };
    subscribers.set(intervalMs, subscribe);
  }
  return subscribe;
}

/**
 * The current time, rounded down to `intervalMs` so React sees one value per
 * tick; null on the server and during hydration (render the exact time then).
 */
export function useClock(intervalMs: number): number | null {
  return useSyncExternalStore(
    subscribeEvery(intervalMs),
    () => Math.floor(Date.now() / intervalMs) * intervalMs,
    () => null,
  );
}
