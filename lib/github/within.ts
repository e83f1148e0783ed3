/** GitHub's answer if it comes within `ms`, otherwise (or on an error) null: pages never wait on GitHub longer. */
export async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise.catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The longest a page render waits on GitHub. */
export const PAGE_GITHUB_BUDGET_MS = 2_000;
