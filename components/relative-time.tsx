"use client";

import { useClock } from "./use-clock";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

export function formatRelative(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 10) return "just now";
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === "second") return format.format(Math.round(seconds / size), unit);
  }
  return date.toISOString();
}

const TICK_MS = 15_000;

/** A time shown relative ("3 minutes ago"), with the exact time on hover. */
export function RelativeTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  const tick = useClock(TICK_MS);
  // The clock is rounded down to its tick: something from the last tick is not "in 10 seconds".
  const now = tick === null ? null : new Date(Math.max(tick, Math.min(date.getTime(), tick + TICK_MS)));
  const exact = date.toLocaleString("en", { dateStyle: "medium", timeStyle: "long" });
  return (
    <time dateTime={iso} title={exact} className="underline decoration-dotted underline-offset-2">
      {now ? formatRelative(date, now) : exact}
    </time>
  );
}
