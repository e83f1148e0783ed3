import { createHash } from "node:crypto";

/** Git's blob SHA of some bytes: sha1("blob <size>\0" + bytes). Lets tarball files be compared with sync_sha. */
export function gitBlobSha(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
