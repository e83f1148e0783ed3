import { gunzipSync } from "node:zlib";

/**
 * Reads the regular files of a gzip tar (as GitHub's tarball endpoint serves
 * it: everything under one top-level folder, which is stripped), keeping only
 * the paths `wanted` accepts. Understands ustar prefixes and pax `path` records,
 * which `git archive` writes for long paths.
 */
export function readTarball(gzipped: Uint8Array, wanted: (path: string) => boolean): Map<string, Buffer> {
  const tar = gunzipSync(gzipped);
  const files = new Map<string, Buffer>();
  let offset = 0;
  let paxPath: string | null = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156]!);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;

    if (type === "x") {
      paxPath = parsePax(body).get("path") ?? null;
      continue;
    }
    if (type === "g") continue;
    const prefix = field(345, 155);
    const name = paxPath ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    paxPath = null;
    if (type !== "0" && type !== "\0") continue;
    const path = name.split("/").slice(1).join("/");
    if (path && wanted(path)) files.set(path, Buffer.from(body));
  }
  return files;
}

function parsePax(body: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    const space = body.indexOf(32, i);
    if (space < 0) break;
    const length = Number(body.subarray(i, space).toString());
    if (!length) break;
    const record = body.subarray(space + 1, i + length - 1).toString("utf8");
    const eq = record.indexOf("=");
    records.set(record.slice(0, eq), record.slice(eq + 1));
    i += length;
  }
  return records;
}
