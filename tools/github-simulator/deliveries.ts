import { createHmac, randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import type { WebhookEventMap, WebhookEventName } from "@octokit/webhooks-types";

export type Delivery = {
  id: number;
  guid: string;
  event: string;
  action: string | null;
  installationId: number | null;
  repositoryId: number | null;
  redelivery: boolean;
  deliveredAt: string;
  /** Whether the attempt was made (a held delivery waits for `resume`); GitHub lists only attempts. */
  attempted: boolean;
  url: string;
  status: number | null;
  durationMs: number;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseBody: string;
  error: string | null;
};

/**
 * Delivers webhooks the way GitHub does: JSON body, HMAC signatures, GitHub's
 * headers, one attempt (GitHub never retries automatically), every delivery
 * recorded and redeliverable by id. `pause()` holds deliveries so tests can
 * choose the order in which webhooks and browser redirects arrive.
 */
export class WebhookDispatcher {
  readonly deliveries: Delivery[] = [];
  private held: (() => Promise<void>)[] = [];
  private paused = false;
  private nextId = 1;

  constructor(
    private readonly config: { secret: () => string; url: () => string | null; appId: () => number; hookId: number },
  ) {}

  /** Payloads are type-checked against @octokit/webhooks-types (GitHub's schema as TypeScript). */
  async send<E extends WebhookEventName>(event: E, payload: WebhookEventMap[E]): Promise<Delivery | null> {
    const body = JSON.stringify(payload);
    const fields = payload as { action?: unknown; installation?: { id?: number } };
    const action = typeof fields.action === "string" ? fields.action : null;
    const installation = fields.installation;
    return this.deliver({
      guid: randomUUID(),
      event,
      action,
      installationId: installation?.id ?? null,
      body,
      redelivery: false,
    });
  }

  /** A delivery attempt by GitHub's id. */
  find(id: number): Delivery | undefined {
    return this.deliveries.find((d) => d.id === id);
  }

  async redeliver(id: number): Promise<Delivery> {
    const original = this.deliveries.find((d) => d.id === id);
    if (!original) throw new Error(`no delivery ${id}`);
    const delivery = await this.deliver({ ...original, body: original.requestBody, redelivery: true }, true);
    return delivery!;
  }

  pause() {
    this.paused = true;
  }

  /**
   * Delivers what was held, in order, and resumes immediate delivery. With `concurrency`, that many
   * at a time (a burst); `beforeEach(index)` is awaited before each held delivery starts (tests use
   * it to inject faults at a given point of the burst).
   */
  async resume({
    concurrency = 1,
    beforeEach,
  }: { concurrency?: number; beforeEach?: (index: number) => Promise<void> | void } = {}) {
    this.paused = false;
    const held = this.held;
    this.held = [];
    let next = 0;
    const worker = async () => {
      while (next < held.length) {
        const index = next++;
        await beforeEach?.(index);
        await held[index]!();
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  }

  private async deliver(
    d: {
      guid: string;
      event: string;
      action: string | null;
      installationId: number | null;
      body: string;
      redelivery: boolean;
    },
    force = false,
  ): Promise<Delivery | null> {
    const url = this.config.url();
    if (!url) return null;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/simulator",
      "x-github-event": d.event,
      "x-github-delivery": d.guid,
      "x-github-hook-id": String(this.config.hookId),
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": String(this.config.appId()),
      "x-hub-signature": `sha1=${createHmac("sha1", this.config.secret()).update(d.body).digest("hex")}`,
      "x-hub-signature-256": await sign(this.config.secret(), d.body),
    };
    const record: Delivery = {
      id: this.nextId++,
      guid: d.guid,
      event: d.event,
      action: d.action,
      installationId: d.installationId,
      repositoryId: repositoryIdOf(d.body),
      redelivery: d.redelivery,
      deliveredAt: new Date().toISOString(),
      attempted: false,
      url,
      status: null,
      durationMs: 0,
      requestHeaders: headers,
      requestBody: d.body,
      responseBody: "",
      error: null,
    };
    const run = async () => {
      record.deliveredAt = new Date().toISOString();
      const started = performance.now();
      try {
        const response = await fetch(url, {
          method: "POST",
          headers,
          body: d.body,
          signal: AbortSignal.timeout(10_000),
        });
        record.status = response.status;
        record.responseBody = (await response.text()).slice(0, 4096);
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      record.durationMs = Math.round(performance.now() - started);
      record.attempted = true;
    };
    this.deliveries.push(record);
    if (this.paused && !force) {
      this.held.push(run);
      return record;
    }
    await run();
    return record;
  }
}

function repositoryIdOf(body: string): number | null {
  const id = (JSON.parse(body) as { repository?: { id?: unknown } }).repository?.id;
  return typeof id === "number" ? id : null;
}
