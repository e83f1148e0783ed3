import { describe, expect, it } from "vitest";
import { clientAddress } from "@/lib/auth/client-address";

describe("clientAddress", () => {
  it.each([
    [undefined, "unknown"],
    ["", "unknown"],
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    // Our one proxy appends the address it saw; anything before it came from the client.
    ["1.2.3.4, 203.0.113.7", "203.0.113.7"],
    ["1.2.3.4,203.0.113.7", "203.0.113.7"],
    ["2001:db8::1", "2001:db8::1"],
    ["1.2.3.4, ", "unknown"],
  ])("x-forwarded-for %j → %j", (header, expected) => {
    const headers = new Headers(header === undefined ? {} : { "x-forwarded-for": header });
    expect(clientAddress(headers)).toBe(expected);
  });

  it("caps the length of what it keeps", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "x".repeat(500) })).length).toBeLessThanOrEqual(64);
  });
});
