import { EVENT_LABELS, type DeliveryType, type NotificationData } from "./events";

/** What a notification says, for email and Slack (a webhook sends the data itself). */
export function headline(type: DeliveryType, data: NotificationData): string {
  const where = data.repository ? ` (${data.repository}${data.branch ? `@${data.branch}` : ""})` : "";
  switch (type) {
    case "sync.failing":
      return `GitHub Sync is failing for ${data.organization.name}${where}`;
    case "sync.recovered":
      return `GitHub Sync recovered for ${data.organization.name}${where}`;
    case "sync.needs_decision":
      return `GitHub Sync is waiting for a decision in ${data.organization.name}${where}`;
    case "connection.needs_attention":
      return `The GitHub connection of ${data.organization.name} needs attention`;
    case "test":
      return `Test notification from Allegro for ${data.organization.name}`;
  }
}

const position = (e: { line?: number; column?: number }) =>
  e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ""}` : "";

/** The lines under the headline: what happened, the commit, the files at fault. */
export function detailLines(type: DeliveryType, data: NotificationData): string[] {
  return [
    `${EVENT_LABELS[type]}.`,
    ...(data.message ? [data.message] : []),
    ...(data.commit ? [`Commit: ${data.commit}`] : []),
    ...data.errors.map((e) => `${e.path}${position(e)}: ${e.message}`),
  ];
}

export function plainText(type: DeliveryType, data: NotificationData): string {
  return [headline(type, data), "", ...detailLines(type, data), "", `Settings: ${data.settings_url}`].join("\n");
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function html(type: DeliveryType, data: NotificationData): string {
  const [label, ...rest] = detailLines(type, data);
  return [
    `<h1 style="font-size:18px">${escape(headline(type, data))}</h1>`,
    `<p>${escape(label!)}</p>`,
    rest.length ? `<ul>${rest.map((line) => `<li>${escape(line)}</li>`).join("")}</ul>` : "",
    `<p><a href="${escape(data.settings_url)}">Open Settings → GitHub Sync</a></p>`,
  ].join("\n");
}

/** Slack allows at most 50 blocks in a message. */
export const MAX_SLACK_BLOCKS = 50;

/** A Slack message: blocks, and `text` as the fallback for notifications and old clients. */
export function slackMessage(type: DeliveryType, data: NotificationData) {
  const mrkdwn = (text: string) => ({ type: "mrkdwn", text: text.slice(0, 2900) });
  const slackEscape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const [label, ...rest] = detailLines(type, data);
  const link = { type: "section", text: mrkdwn(`<${data.settings_url}|Open Settings → GitHub Sync>`) };
  const blocks: object[] = [
    { type: "header", text: { type: "plain_text", text: headline(type, data).slice(0, 150) } },
    { type: "section", text: mrkdwn(slackEscape(label!)) },
    ...rest.map((line) => ({ type: "section", text: mrkdwn(slackEscape(line)) })),
  ];
  // The link is always last, inside the limit.
  const kept = blocks.slice(0, MAX_SLACK_BLOCKS - 1);
  return { text: `${headline(type, data)}: ${data.settings_url}`, blocks: [...kept, link] };
}
