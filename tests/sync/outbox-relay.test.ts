import { describe, expect, it } from "vitest";
import { coalesce } from "@/inngest/outbox-relay";

/** The relay after responses runs from one loop: a burst of requests costs a few passes, not one each. */
describe("coalesce: one relay loop per process", () => {
  const counting = (passMs: number) => {
    const passes: number[] = [];
    let inFlight = 0;
    let overlapped = false;
    const work = async () => {
      overlapped ||= inFlight > 0;
      inFlight++;
      passes.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, passMs));
      inFlight--;
    };
    return { work, passes, overlapped: () => overlapped };
  };

  it("a burst of 100 calls makes one pass, started by the first call only", async () => {
    const { work, passes } = counting(5);
    const schedule = coalesce(work, { quietMs: 10, maxWaitMs: 100 });
    const started = Array.from({ length: 100 }, () => schedule());
    expect(started.filter(Boolean)).toHaveLength(1);
    await started[0];
    expect(passes).toHaveLength(1);
  });

  it("calls made while a pass runs make exactly one more pass, never two at once", async () => {
    const { work, passes, overlapped } = counting(30);
    const schedule = coalesce(work, { quietMs: 0, maxWaitMs: 0 });
    const first = schedule();
    await new Promise((resolve) => setTimeout(resolve, 15)); // the first pass is running
    for (let i = 0; i < 20; i++) expect(schedule()).toBeNull();
    await first;
    expect(passes).toHaveLength(2);
    expect(overlapped()).toBe(false);
  });

  it("waits for the calls to pause, but no longer than maxWaitMs after the first", async () => {
    const { work, passes } = counting(1);
    const schedule = coalesce(work, { quietMs: 40, maxWaitMs: 150 });
    const first = Date.now();
    const loop = schedule();
    const steady = setInterval(schedule, 10); // never quiet
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(passes).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    clearInterval(steady);
    expect(passes.length).toBeGreaterThanOrEqual(1);
    expect(passes[0]! - first).toBeGreaterThanOrEqual(145);
    await loop;
  });

  it("a call after the loop ended starts a new one", async () => {
    const { work, passes } = counting(1);
    const schedule = coalesce(work, { quietMs: 0, maxWaitMs: 0 });
    await schedule();
    const second = schedule();
    expect(second).not.toBeNull();
    await second;
    expect(passes).toHaveLength(2);
  });
});
