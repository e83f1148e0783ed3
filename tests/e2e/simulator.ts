/** The e2e server's GitHub simulator, driven through its HTTP control API. */
export const SIMULATOR_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

export async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${SIMULATOR_URL}/_simulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<T>;
}

/** A GitHub user administering a new organization with one repository `templates`. */
export async function createGithubOrg(prefix: string, files: Record<string, string>) {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  const user = `${prefix}-user-${suffix}`;
  const org = `${prefix}-${suffix}`;
  await control("POST", "/accounts", { login: user });
  await control("POST", "/accounts", { login: org, type: "Organization", members: [{ login: user, role: "admin" }] });
  await control("POST", "/repositories", { owner: org, name: "templates", files });
  return { user, org };
}
