import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { loggerFor } from "../observability/logger";
import { addressProblem, hostOf, urlProblem, type TargetPolicy } from "./address-policy";

const log = loggerFor("notifications");

/**
 * The sentence shown to admins for a connection that failed: from the error's code, never its
 * text (which names addresses and ports; the server log keeps it).
 */
export function connectionProblem(error: NodeJS.ErrnoException): string {
  const code = error.code ?? "";
  if (code === "ECONNREFUSED") return "the server refused the connection";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the host name does not resolve";
  if (code === "ECONNRESET" || code === "EPIPE") return "the server closed the connection";
  if (code === "ETIMEDOUT" || code === "ENETUNREACH" || code === "EHOSTUNREACH") return "the server cannot be reached";
  if (/CERT|SELF_SIGNED|TLS|SSL/.test(code)) return "its TLS certificate is not valid";
  return "the connection failed";
}

/** Resolves a host name to its addresses (tests pass their own to imitate DNS, rebinding included). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export type HttpPolicy = TargetPolicy & { resolve?: Resolver; timeoutMs?: number };
export type HttpResult = { statusCode: number | null; body: string; error: string | null };

export const TIMEOUT_MS = 10_000;
/** How much of an answer is kept: enough to show why a receiver refused. */
export const KEPT_BYTES = 1024;

class RefusedTarget extends Error {}

/**
 * POSTs `body` to a URL someone typed in, safely: the host is resolved when the
 * connection is made and every address checked then (so DNS rebinding after the
 * URL was saved fails), redirects are answered, never followed, the whole
 * exchange has a 10 s deadline, and at most 1 KB of the answer is kept.
 */
export async function postSafely(
  raw: string,
  body: string,
  headers: Record<string, string>,
  policy: HttpPolicy,
): Promise<HttpResult> {
  const problem = urlProblem(raw, policy);
  if (problem) return { statusCode: null, body: "", error: problem };
  const url = new URL(raw);
  const host = hostOf(url);
  const resolve = policy.resolve ?? systemResolver;
  if (isIP(host)) {
    // An address literal never reaches `lookup`: check it here.
    const refused = addressProblem(host, url.protocol, policy);
    if (refused) return { statusCode: null, body: "", error: refused };
  }
  const lookup: LookupFunction = (hostname, options, callback) => {
    resolve(hostname)
      .then((addresses) => {
        if (!addresses.length) throw new RefusedTarget(`${hostname} does not resolve.`);
        for (const { address } of addresses) {
          const refused = addressProblem(address, url.protocol, policy);
          if (refused) throw new RefusedTarget(refused);
        }
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = addresses.filter((a) => !wanted || a.family === wanted);
        if (options.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      })
      .catch((error: Error) => callback(error as NodeJS.ErrnoException, "", 0));
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise<HttpResult>((resolveResult) => {
    let settled = false;
    const finish = (result: HttpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolveResult(result);
    };
    const timeoutMs = policy.timeoutMs ?? TIMEOUT_MS;
    const timer = setTimeout(
      () => finish({ statusCode: null, body: "", error: `No answer within ${timeoutMs / 1000} s.` }),
      timeoutMs,
    );
    const request = client.request(
      url,
      {
        method: "POST",
        lookup,
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? null;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const text = Buffer.concat(chunks).subarray(0, KEPT_BYTES).toString("utf8");
          const redirect = status !== null && status >= 300 && status < 400;
          const ok = status !== null && status >= 200 && status < 300;
          finish({
            statusCode: status,
            body: text,
            error: ok
              ? null
              : redirect
                ? `Answered ${status} (a redirect): redirects are not followed.`
                : `Answered ${status}.`,
          });
        };
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= KEPT_BYTES) done();
        });
        response.on("end", done);
        response.on("error", done);
      },
    );
    request.on("error", (error) => {
      if (!(error instanceof RefusedTarget))
        log.warn({ err: error, host }, "notification destination: the connection failed");
      finish({
        statusCode: null,
        body: "",
        error: error instanceof RefusedTarget ? error.message : `Could not connect: ${connectionProblem(error)}.`,
      });
    });
    request.end(body);
  });
}
