import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { decodeHeader, parseMail } from "./mime";
import { renderMailPage } from "./page";

export type CaughtMail = {
  id: number;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string | null;
  html: string | null;
};

type Options = { host?: string; smtpPort?: number; httpPort?: number; limit?: number };

/**
 * A local SMTP server that keeps what it is sent in memory, and a page listing it
 * (newest first; `/messages.json` for scripts and tests). For development and tests
 * only: it accepts any sender and recipient and needs no authentication.
 */
export async function startMailCatcher({ host = "127.0.0.1", smtpPort = 0, httpPort = 0, limit = 200 }: Options = {}) {
  const messages: CaughtMail[] = [];
  let nextId = 1;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    banner: "Allegro mail catcher",
    size: 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const mail = parseMail(Buffer.concat(chunks).toString("utf8"));
        messages.unshift({
          id: nextId++,
          receivedAt: new Date().toISOString(),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeHeader(mail.headers.subject ?? "(no subject)"),
          text: mail.text,
          html: mail.html,
        });
        messages.splice(limit);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(smtpPort, host, () => resolve());
  });
  const page = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://catcher").pathname;
    if (path === "/messages.json") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ messages }));
    } else if (path === "/") {
      res
        .writeHead(200, {
          "content-type": "text/html; charset=utf-8",
          "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
        })
        .end(renderMailPage(messages));
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
    }
  });
  await new Promise<void>((resolve, reject) => {
    page.once("error", reject);
    page.listen(httpPort, host, () => resolve());
  });
  const smtpAddress = smtp.server.address() as AddressInfo;
  const pageAddress = page.address() as AddressInfo;
  return {
    smtpUrl: `smtp://${host}:${smtpAddress.port}`,
    url: `http://${host}:${pageAddress.port}`,
    messages,
    stop: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => page.close(() => resolve()));
    },
  };
}

export type MailCatcher = Awaited<ReturnType<typeof startMailCatcher>>;
