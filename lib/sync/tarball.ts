import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { extract } from "tar-stream";
import { PermanentSyncError } from "./github";
import type { SyncLimits } from "./limits";

export type TarFile = { path: string; size: number; content: AsyncIterable<Buffer> };

/**
 * Reads a gzip tar as a stream (as GitHub's tarball endpoint serves it:
 * everything under one top-level folder, which is stripped) and hands each
 * regular file whose path `wanted` accepts to `onFile`, which must consume its
 * content. Nothing but the current chunk is held, and the run stops with a
 * PermanentSyncError as soon as the uncompressed bytes or the entries pass the
 * limits, so a gzip bomb ends early instead of filling memory.
 */
export async function readTarball(
  gzipped: Readable,
  limits: Pick<SyncLimits, "maxArchiveBytes" | "maxArchiveEntries">,
  wanted: (path: string) => boolean,
  onFile: (file: TarFile) => Promise<void>,
) {
  const tar = extract();
  const piping = pipeline(gzipped, createGunzip(), limitBytes(limits.maxArchiveBytes), tar);
  const failure = piping.then(
    () => null,
    (error: unknown) => error,
  );
  let entries = 0;
  try {
    for await (const entry of tar) {
      if (++entries > limits.maxArchiveEntries) throw tooManyEntries(limits.maxArchiveEntries);
      const path = entry.header.name.split("/").slice(1).join("/");
      if (entry.header.type === "file" && path && wanted(path)) {
        await onFile({ path, size: entry.header.size, content: entry as AsyncIterable<Buffer> });
      }
      entry.resume();
    }
  } catch (error) {
    tar.destroy();
    const piped = await failure;
    throw error instanceof PermanentSyncError || !(piped instanceof PermanentSyncError) ? error : piped;
  }
  const error = await failure;
  if (error) throw error;
}

/** Passes bytes through until more than `max` went by, then fails with the archive limit's error. */
export function limitBytes(max: number) {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > max) done(archiveTooLarge(max));
      else done(null, chunk);
    },
  });
}

/** Reads a file's whole content (callers check its declared size against the per-file limit first). */
export async function readContent(file: TarFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of file.content) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

function archiveTooLarge(max: number) {
  return new PermanentSyncError(
    `The repository's archive expands past ${megabytes(max)} (the limit for one sync), so nothing was synced.`,
    false,
  );
}

function tooManyEntries(max: number) {
  return new PermanentSyncError(
    `The repository's archive has more than ${max.toLocaleString("en")} entries (the limit for one sync), so nothing was synced.`,
    false,
  );
}
