"use client";

import { useSyncExternalStore } from "react";

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

function subscribeToClock(onTick: () => void) {
  const timer = setInterval(onTick, TICK_MS);
  return () => clearInterval(timer);
}

/** Stable within a tick, so React sees one value per tick; null on the server (exact time is rendered). */
function clockSnapshot(): number {
  return Math.floor(Date.now() / TICK_MS) * TICK_MS;
}

/** A time shown relative ("3 minutes ago"), with the exact time on hover. */
export function RelativeTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  const tick = useSyncExternalStore(subscribeToClock, clockSnapshot, () => null);
  const now = tick === null ? null : new Date(tick);
  const exact = date.toLocaleString("en", { dateStyle: "medium", timeStyle: "long" });
  return (
    <time dateTime={iso} title={exact} className="underline decoration-dotted underline-offset-2">
      {now ? formatRelative(date, now) : exact}
    </time>
  );
}
