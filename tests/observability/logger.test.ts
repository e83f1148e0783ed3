import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import { RequestError } from "@octokit/request-error";
import { describe, expect, it } from "vitest";
import { withLogIds, addLogIds } from "@/lib/observability/log-context";
import { createLogger } from "@/lib/observability/logger";
import { REDACTED } from "@/lib/observability/redact";

const pem = generateKeyPairSync("rsa", { modulusLength: 1024 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();
const webhookSecret = "whsec-the-webhook-secret-0123";
const clientSecret = "client-secret-abcdef0123456789";
const installationToken = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
const sessionCookie = "Fe26.2**0cdd6ab0cdd6ab0cdd6ab*sealedsessiontoken";
const password = "correct horse battery staple";

/** A JSON logger writing into an array, configured with the secrets as production would be. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const logger = createLogger({
    logLevel: "debug",
    logFormat: "json",
    secrets: [pem, webhookSecret, clientSecret, undefined, "short"],
    destination,
  });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const SECRETS = [
  pem.split("\n")[1]!,
  webhookSecret,
  clientSecret,
  installationToken,
  sessionCookie,
  password,
  password.replace(/ /g, "+"),
];

describe("log lines", () => {
  it("are one JSON object each, with level, time, message and the ids in scope", async () => {
    const { logger, parsed } = capture();
    await withLogIds({ requestId: "req-1", deliveryId: "d-1", organizationId: "42" }, async () => {
      await Promise.resolve();
      addLogIds({ syncRunId: "7", inngestRunId: "01RUN" });
      logger.info({ count: 3 }, "relayed");
    });
    logger.info("outside");
    const [inside, outside] = parsed();
    expect(inside).toMatchObject({
      level: "info",
      msg: "relayed",
      count: 3,
      requestId: "req-1",
      deliveryId: "d-1",
      organizationId: "42",
      syncRunId: "7",
      inngestRunId: "01RUN",
    });
    expect(typeof inside!.time).toBe("string");
    expect(outside).not.toHaveProperty("requestId");
  });

  it("never carry the private key, tokens, the webhook secret, the session cookie, client secrets or passwords", () => {
    const { logger, lines } = capture();
    logger.info({ privateKey: pem, config: { webhookSecret, clientSecret }, password }, "config");
    logger.info({
      headers: { authorization: `token ${installationToken}`, cookie: `allegro_session=${sessionCookie}` },
    });
    logger.warn(`installation token ${installationToken} for ${webhookSecret}`);
    logger.info({ url: `postgresql://allegro:${password.replace(/ /g, "")}@db:5432/allegro` }, "connecting");
    logger.info({ note: `Cookie: allegro_session=${sessionCookie}; theme=dark` }, "request");
    logger.info({ pem: pem }, `key ${pem}`);
    const text = lines.join("\n");
    for (const secret of [...SECRETS, password.replace(/ /g, "")]) expect(text).not.toContain(secret);
    expect(text).toContain(REDACTED);
    expect(lines).toHaveLength(6);
  });

  it("redact secrets inside error objects: message, stack, cause and the request Octokit attaches", () => {
    const { logger, lines, parsed } = capture();
    const github = new RequestError(`Bad credentials for ${installationToken}`, 401, {
      request: {
        method: "GET",
        url: "https://api.github.com/installation/repositories",
        headers: { authorization: `token ${installationToken}` },
      },
      response: {
        status: 401,
        url: "https://api.github.com/installation/repositories",
        headers: { "x-github-request-id": "abc" },
        data: { message: "Bad credentials" },
      },
    });
    const wrapped = new Error(`sync failed with secret ${webhookSecret}`, { cause: github });
    (wrapped as Error & { context: unknown }).context = { clientSecret, note: `pem ${pem}` };
    logger.error({ err: wrapped }, "sync failed");
    logger.error(new Error("sign-in failed", { cause: { email: "a@b.test", password, privateKey: pem } }));
    logger.error(new Error(`POST /login?password=${password.replace(/ /g, "+")}&next=/`));
    const text = lines.join("\n");
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const [first] = parsed() as { err: { message: string; cause: { status: number; message: string } } }[];
    expect(first!.err.message).toBe(`sync failed with secret ${REDACTED}`);
    expect(first!.err.cause.status).toBe(401);
    expect(first!.err.cause.message).toMatch(/^Bad credentials for \[Redacted\]/);
  });
});
