import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as inngestRoute from "@/app/api/inngest/route";
import { inngestSink } from "../helpers/inngest-sink";
import { startRouteServer } from "../../tools/route-server";

let server: Awaited<ReturnType<typeof startRouteServer>>;
beforeAll(async () => {
  server = await startRouteServer({ "/api/inngest": inngestRoute as never });
});
afterAll(() => server.close());

/** fetch() may not set Host; a raw request can, as an attacker would. */
function putWithHost(url: string, host: string) {
  return new Promise<number>((resolve, reject) => {
    const request = http.request(url, { method: "PUT", headers: { host } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode!));
    });
    request.on("error", reject).end();
  });
}

describe("PUT /api/inngest (sync with Inngest)", () => {
  it("registers APP_URL's origin, not the request's forged Host", async () => {
    const before = inngestSink().registrations.length;
    expect(await putWithHost(`${server.url}/api/inngest`, "attacker.example")).toBe(200);
    const registrations = inngestSink().registrations.slice(before) as { url: string }[];
    expect(registrations).toHaveLength(1);
    expect(registrations[0]!.url).toBe(`${process.env.APP_URL}/api/inngest`);
  });
});
