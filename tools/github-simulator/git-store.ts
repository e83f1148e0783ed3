import { execFile, spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

export type FileChange =
  | { action: "put"; path: string; content: string | Buffer }
  | { action: "delete"; path: string }
  | { action: "move"; from: string; path: string };

export type TreeEntry = { path: string; mode: string; type: "blob" | "tree" | "commit"; sha: string; size?: number };

export type CommitInfo = {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
};

export const ZERO_SHA = "0000000000000000000000000000000000000000";

const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", HOME: "/nonexistent", GIT_TERMINAL_PROMPT: "0" };

/**
 * One bare git repository on disk. Commit, tree and blob SHAs are whatever git
 * computes, so they are real git SHAs. Reads go through one long-lived
 * `git cat-file --batch` process; writes through `git fast-import`.
 */
export class GitRepository {
  private catFile: CatFileBatch | null = null;
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(readonly dir: string) {}

  static async create(dir: string): Promise<GitRepository> {
    fs.mkdirSync(dir, { recursive: true });
    await exec("git", ["init", "--bare", "--quiet", "--initial-branch=main", dir], { env: GIT_ENV });
    return new GitRepository(dir);
  }

  /** A repository that already exists on disk (a simulator restarted on its data folder). */
  static open(dir: string): GitRepository {
    if (!fs.existsSync(path.join(dir, "HEAD"))) throw new Error(`no git repository in ${dir}`);
    return new GitRepository(dir);
  }

  async git(args: string[], input?: string | Buffer): Promise<string> {
    if (input === undefined) {
      const { stdout } = await exec("git", ["-C", this.dir, ...args], { env: GIT_ENV, maxBuffer: 1 << 30 });
      return stdout;
    }
    return gitWithInput(this.dir, args, GIT_ENV, input);
  }

  /** Resolves a branch name, tag or SHA to a commit SHA; null when it does not exist. */
  async resolveCommit(ref: string): Promise<string | null> {
    if (!/^[\w./-]+$/.test(ref) || ref.includes("..")) return null;
    try {
      return (await this.git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])).trim() || null;
    } catch {
      return null;
    }
  }

  async branchHead(branch: string): Promise<string | null> {
    if (!/^[\w./-]+$/.test(branch)) return null;
    try {
      return (await this.git(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}`])).trim() || null;
    } catch {
      return null;
    }
  }

  async branches(): Promise<{ name: string; sha: string }[]> {
    const out = await this.git(["for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/"]);
    return out
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [name, sha] = line.split(" ");
        return { name: name!, sha: sha! };
      });
  }

  /** Commits `changes` on top of `branch` (creating it from `from` or as a root commit). */
  commit(
    branch: string,
    changes: FileChange[],
    message: string,
    author = { name: "Octo Cat", email: "octocat@users.noreply.github.com" },
    from?: string,
  ) {
    const run = async () => {
      const parent = (await this.branchHead(branch)) ?? (from ? await this.resolveCommit(from) : null);
      const now = Math.floor(Date.now() / 1000);
      const chunks: Buffer[] = [];
      const text = (s: string) => chunks.push(Buffer.from(s));
      const data = (payload: Buffer) => {
        text(`data ${payload.length}\n`);
        chunks.push(payload);
        text("\n");
      };
      text(`commit refs/heads/${branch}\n`);
      text(`author ${author.name} <${author.email}> ${now} +0000\n`);
      text(`committer ${author.name} <${author.email}> ${now} +0000\n`);
      data(Buffer.from(message));
      if (parent) text(`from ${parent}\n`);
      for (const change of changes) {
        if (change.action === "put") {
          text(`M 100644 inline ${quotePath(change.path)}\n`);
          data(Buffer.isBuffer(change.content) ? change.content : Buffer.from(change.content));
        } else if (change.action === "delete") {
          text(`D ${quotePath(change.path)}\n`);
        } else {
          text(`R ${quotePath(change.from)} ${quotePath(change.path)}\n`);
        }
      }
      text("done\n");
      await this.git(["fast-import", "--quiet", "--done", "--force"], Buffer.concat(chunks));
      return (await this.branchHead(branch))!;
    };
    const result = this.writing.then(run, run);
    this.writing = result.catch(() => {});
    return result;
  }

  /**
   * Merges `head` into `branch` with a merge commit (GitHub's "Create a merge commit"), through
   * `git merge-tree --write-tree`: no work tree needed. Null on a conflict (nothing written).
   */
  merge(
    branch: string,
    head: string,
    message: string,
    author = { name: "Octo Cat", email: "octocat@users.noreply.github.com" },
  ) {
    const run = async () => {
      const base = await this.branchHead(branch);
      if (!base) throw new Error(`no branch ${branch}`);
      let tree: string;
      try {
        tree = (await this.git(["merge-tree", "--write-tree", base, head])).split("\n")[0]!.trim();
      } catch {
        return null; // merge-tree exits 1 on conflicts
      }
      const date = `${Math.floor(Date.now() / 1000)} +0000`;
      const env = {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
        GIT_COMMITTER_DATE: date,
      };
      const { stdout } = await exec(
        "git",
        ["-C", this.dir, "commit-tree", tree, "-p", base, "-p", head, "-m", message],
        {
          env: { ...GIT_ENV, ...env },
        },
      );
      const sha = stdout.trim();
      await this.git(["update-ref", `refs/heads/${branch}`, sha, base]);
      return sha;
    };
    const result = this.writing.then(run, run);
    this.writing = result.catch(() => {});
    return result;
  }

  /** The blob SHA at `filePath` in a commit, or null when there is no file there. */
  async blobAt(commit: string, filePath: string): Promise<string | null> {
    try {
      const out = (await this.git(["ls-tree", "-z", "--full-tree", commit, "--", filePath])).split("\0")[0] ?? "";
      const [, type, sha] = out.slice(0, out.indexOf("\t")).split(" ");
      return type === "blob" ? sha! : null;
    } catch {
      return null;
    }
  }

  /** Writes a blob object (the Git Data API's POST /git/blobs). */
  async writeBlob(content: Buffer): Promise<string> {
    return (await this.git(["hash-object", "-w", "--stdin"], content)).trim();
  }

  /**
   * A tree: `base` (a tree SHA, or null for an empty one) with `entries` set, or removed where
   * `sha` is null (POST /git/trees with `base_tree`). Built in a throwaway index file.
   */
  async writeTree(base: string | null, entries: { path: string; mode: string; sha: string | null }[]) {
    const index = path.join(os.tmpdir(), `sim-index-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const env = { ...GIT_ENV, GIT_INDEX_FILE: index };
    const run = (args: string[], input?: string) => gitWithInput(this.dir, args, env, input);
    try {
      if (base) await run(["read-tree", base]);
      else await run(["read-tree", "--empty"]);
      // --index-info with mode 0 removes a path; it needs no work tree (a bare repository has none).
      const lines = entries.map((e) =>
        e.sha === null ? `0 ${ZERO_SHA}\t${e.path}\0` : `${e.mode} ${e.sha}\t${e.path}\0`,
      );
      if (lines.length) await run(["update-index", "--add", "-z", "--index-info"], lines.join(""));
      return (await run(["write-tree"])).trim();
    } finally {
      fs.rmSync(index, { force: true });
    }
  }

  /** A commit object of `tree` on `parents` (POST /git/commits); nothing moves until a ref is updated. */
  async commitTree(
    tree: string,
    parents: string[],
    message: string,
    author: { name: string; email: string },
    committer = author,
  ): Promise<string> {
    const date = `${Math.floor(Date.now() / 1000)} +0000`;
    const { stdout } = await exec(
      "git",
      ["-C", this.dir, "commit-tree", tree, ...parents.flatMap((p) => ["-p", p]), "-m", message],
      {
        env: {
          ...GIT_ENV,
          GIT_AUTHOR_NAME: author.name,
          GIT_AUTHOR_EMAIL: author.email,
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_NAME: committer.name,
          GIT_COMMITTER_EMAIL: committer.email,
          GIT_COMMITTER_DATE: date,
        },
      },
    );
    return stdout.trim();
  }

  /**
   * Moves (or creates, with `expected` null) a branch only if it still points at `expected`:
   * git's compare-and-swap, so two writers never lose each other's commit. False when it moved.
   */
  async casBranch(branch: string, sha: string, expected: string | null): Promise<boolean> {
    try {
      await this.git(["update-ref", `refs/heads/${branch}`, sha, expected ?? ZERO_SHA]);
      return true;
    } catch {
      return false;
    }
  }

  /** Whether `ancestor` is `descendant` or one of its ancestors (a fast-forward from one to the other). */
  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    try {
      await this.git(["merge-base", "--is-ancestor", ancestor, descendant]);
      return true;
    } catch {
      return false;
    }
  }

  /** Commits reachable from `ref` that touched `path` (all when null), newest first. */
  async logPath(ref: string, filePath: string | null, limit: number, skip = 0): Promise<string[]> {
    const sha = await this.resolveCommit(ref);
    if (!sha) return [];
    const args = ["rev-list", `--max-count=${limit}`, `--skip=${skip}`, sha];
    if (filePath) args.push("--", filePath);
    return (await this.git(args)).split("\n").filter(Boolean);
  }

  /** The last `limit` commits reachable from `ref`, newest first. */
  async log(ref: string, limit: number): Promise<CommitInfo[]> {
    const sha = await this.resolveCommit(ref);
    if (!sha) return [];
    const shas = (await this.git(["rev-list", `--max-count=${limit}`, sha])).split("\n").filter(Boolean);
    const commits = await Promise.all(shas.map((s) => this.readCommit(s)));
    return commits.filter((c): c is CommitInfo => c !== null);
  }

  /** The unified diff a commit introduced (against its first parent, or everything for a root commit). */
  async patch(sha: string): Promise<string> {
    return this.git(["show", "--no-color", "--format=", "--patch", "-M", sha]);
  }

  async createBranch(name: string, sha: string) {
    await this.git(["update-ref", `refs/heads/${name}`, sha]);
  }

  async deleteBranch(name: string) {
    await this.git(["update-ref", "-d", `refs/heads/${name}`]);
  }

  async readCommit(sha: string): Promise<CommitInfo | null> {
    const object = await this.readObject(sha);
    if (!object || object.type !== "commit") return null;
    const text = object.content.toString("utf8");
    const [header, ...rest] = text.split("\n\n");
    const info: CommitInfo = {
      sha,
      tree: "",
      parents: [],
      message: rest.join("\n\n"),
      author: person(""),
      committer: person(""),
    };
    for (const line of header!.split("\n")) {
      const [key, ...value] = line.split(" ");
      if (key === "tree") info.tree = value[0]!;
      if (key === "parent") info.parents.push(value[0]!);
      if (key === "author") info.author = person(value.join(" "));
      if (key === "committer") info.committer = person(value.join(" "));
    }
    return info;
  }

  /** Entries of a tree (recursively: trees and blobs at every depth, like GitHub). */
  async listTree(treeish: string, recursive: boolean): Promise<TreeEntry[]> {
    const args = ["ls-tree", "-l", "-z", "--full-tree"];
    if (recursive) args.push("-r", "-t");
    const out = await this.git([...args, treeish]);
    return out
      .split("\0")
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf("\t");
        const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/);
        return {
          path: line.slice(tab + 1),
          mode: mode!,
          type: type as TreeEntry["type"],
          sha: sha!,
          size: type === "blob" ? Number(size) : undefined,
        };
      });
  }

  async treeSha(treeish: string): Promise<string | null> {
    try {
      return (await this.git(["rev-parse", "--verify", "--quiet", `${treeish}^{tree}`])).trim() || null;
    } catch {
      return null;
    }
  }

  async readObject(sha: string): Promise<{ type: string; content: Buffer } | null> {
    if (!/^[0-9a-f]{40}$/.test(sha)) return null;
    this.catFile ??= new CatFileBatch(this.dir);
    return this.catFile.read(sha);
  }

  /** Files changed between two commits, with git's rename detection. */
  async diff(
    base: string,
    head: string,
  ): Promise<{ status: string; path: string; previous?: string; sha: string; additions: number; deletions: number }[]> {
    const raw = await this.git(["diff", "--raw", "-z", "-M", "--no-abbrev", base, head]);
    const numstat = await this.git(["diff", "--numstat", "-z", "-M", base, head]);
    const counts = parseNumstat(numstat);
    const parts = raw.split("\0");
    const files = [];
    for (let i = 0; i < parts.length - 1;) {
      const meta = parts[i++]!;
      if (!meta.startsWith(":")) continue;
      const [, , , newSha, status] = meta.slice(1).split(" ");
      const letter = status![0]!;
      if (letter === "R" || letter === "C") {
        const previous = parts[i++]!;
        const file = parts[i++]!;
        files.push({
          status: "renamed",
          path: file,
          previous,
          sha: newSha!,
          ...(counts.get(file) ?? { additions: 0, deletions: 0 }),
        });
      } else {
        const file = parts[i++]!;
        const map: Record<string, string> = { A: "added", D: "removed", M: "modified", T: "changed" };
        files.push({
          status: map[letter] ?? "modified",
          path: file,
          sha: newSha!,
          ...(counts.get(file) ?? { additions: 0, deletions: 0 }),
        });
      }
    }
    return files;
  }

  async commitsBetween(base: string, head: string): Promise<string[]> {
    const out = await this.git(["rev-list", "--reverse", `${base}..${head}`]);
    return out.split("\n").filter(Boolean);
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    try {
      return (await this.git(["merge-base", a, b])).trim() || null;
    } catch {
      return null;
    }
  }

  /** A gzip tarball of the commit with every path under `prefix/`, as GitHub's codeload serves it. */
  archive(sha: string, prefix: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn("git", ["-C", this.dir, "archive", "--format=tar.gz", `--prefix=${prefix}/`, sha], {
        env: GIT_ENV,
      });
      const out: Buffer[] = [];
      child.stdout.on("data", (c: Buffer) => out.push(c));
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`git archive failed (${code})`)),
      );
    });
  }

  close() {
    this.catFile?.close();
    this.catFile = null;
  }
}

function quotePath(p: string): string {
  if (/^[\w./@+-][\w./ @+-]*$/.test(p) && !p.includes('"')) return p;
  return JSON.stringify(p);
}

function person(text: string) {
  const match = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(text);
  if (!match) return { name: "", email: "", date: new Date(0).toISOString() };
  return {
    name: match[1]!,
    email: match[2]!,
    date: new Date(Number(match[3]) * 1000).toISOString().replace(".000Z", "Z"),
  };
}

function parseNumstat(text: string) {
  const counts = new Map<string, { additions: number; deletions: number }>();
  const parts = text.split("\0");
  for (let i = 0; i < parts.length;) {
    const entry = parts[i++]!;
    if (!entry) continue;
    const [add, del, file] = entry.split("\t");
    const numbers = { additions: Number(add) || 0, deletions: Number(del) || 0 };
    if (file === "") {
      i++;
      counts.set(parts[i++]!, numbers);
    } else {
      counts.set(file!, numbers);
    }
  }
  return counts;
}

/**
 * Runs git with `input` on its stdin (none: stdin is closed). A git that exits without reading all
 * of its input makes the write fail with EPIPE; that is not an error of its own (the exit code,
 * reported on close, says whether git succeeded), so it must not escape as an uncaught exception.
 */
function gitWithInput(dir: string, args: string[], env: NodeJS.ProcessEnv, input?: string | Buffer) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn("git", ["-C", dir, ...args], {
      env,
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (c: Buffer) => out.push(c));
    child.stderr!.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve(Buffer.concat(out).toString())
        : reject(new Error(`git ${args[0]} failed (exit ${code}): ${Buffer.concat(err)}`)),
    );
    if (child.stdin) {
      child.stdin.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code !== "EPIPE") reject(e);
      });
      child.stdin.end(input);
    }
  });
}

/** A persistent `git cat-file --batch`: one process per repository, requests answered in order. */
class CatFileBatch {
  private child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private queue: { resolve: (v: { type: string; content: Buffer } | null) => void }[] = [];

  constructor(dir: string) {
    this.child = spawn("git", ["-C", dir, "cat-file", "--batch"], { env: GIT_ENV });
    this.child.stdout.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    this.child.on("error", () => {});
    // Writes after the process has gone (closed repository) fail with EPIPE; readers see no answer.
    this.child.stdin.on("error", () => {});
  }

  read(sha: string) {
    return new Promise<{ type: string; content: Buffer } | null>((resolve) => {
      this.queue.push({ resolve });
      this.child.stdin.write(`${sha}\n`);
    });
  }

  private drain() {
    for (;;) {
      const newline = this.buffer.indexOf(10);
      if (newline < 0 || !this.queue.length) return;
      const header = this.buffer.subarray(0, newline).toString();
      if (header.endsWith(" missing")) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.queue.shift()!.resolve(null);
        continue;
      }
      const [, type, size] = header.split(" ");
      const length = Number(size);
      if (this.buffer.length < newline + 1 + length + 1) return;
      const content = Buffer.from(this.buffer.subarray(newline + 1, newline + 1 + length));
      this.buffer = this.buffer.subarray(newline + 1 + length + 1);
      this.queue.shift()!.resolve({ type: type!, content });
    }
  }

  close() {
    this.child.stdin.end();
    this.child.kill();
  }
}

export const repoDir = (root: string, id: number) => path.join(root, `${id}.git`);
