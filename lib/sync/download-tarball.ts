import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { GithubClient } from "../github/octokit";
import { splitRepository } from "../github/links";
import { classifyGithubError } from "./github";
import type { SyncLimits } from "./limits";
import { limitBytes, readTarball, type TarFile } from "./tarball";

const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/**
 * Streams the tarball of `sha` through `onFile`: one API request answers with a
 * redirect to a short-lived download URL (Octokit would buffer the whole
 * archive if it followed it), which is then read as a stream.
 */
export async function downloadTarball(
  octokit: GithubClient,
  repository: string,
  sha: string,
  limits: Pick<SyncLimits, "maxArchiveBytes" | "maxArchiveEntries">,
  wanted: (path: string) => boolean,
  onFile: (file: TarFile) => Promise<void>,
) {
  const doing = `downloading the tarball of ${sha.slice(0, 7)}`;
  let location: string | undefined;
  try {
    const answer = await octokit.request("GET /repos/{owner}/{repo}/tarball/{ref}", {
      ...splitRepository(repository),
      ref: sha,
      request: { redirect: "manual" },
    });
    location = answer.headers.location;
  } catch (error) {
    throw classifyGithubError(error, doing);
  }
  if (!location) throw new Error(`GitHub answered ${doing} without a download location`);
  // The download URL carries its own short-lived token: no Authorization header goes to it.
  const response = await fetch(location, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok || !response.body)
    throw new Error(`The tarball download answered ${response.status} while ${doing}`);
  // Spooled to a temporary file at network speed, then parsed from disk: a parse paced by the
  // database never holds the download open (servers drop slow readers), and memory stays flat.
  const folder = await mkdtemp(path.join(os.tmpdir(), "allegro-tarball-"));
  try {
    const file = path.join(folder, "archive.tar.gz");
    const body = Readable.fromWeb(response.body as WebReadableStream);
    await pipeline(body, limitBytes(limits.maxArchiveBytes), createWriteStream(file));
    await readTarball(createReadStream(file), limits, wanted, onFile);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
