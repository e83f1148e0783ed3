/** The e2e server's GitHub simulator, driven through its HTTP control API. */
export const SIMULATOR_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

/** The unconfigured e2e server's port (playwright.setup.config.ts): E2E_SETUP_PORT, else E2E_PORT + 20. */
export function setupServerPort(): number {
  return Number(process.env.E2E_SETUP_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 20);
}

/** The unconfigured e2e server's simulator (its port + 1). */
export const SETUP_SIMULATOR_URL = `http://127.0.0.1:${setupServerPort() + 1}`;

export async function control<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  simulatorUrl = SIMULATOR_URL,
): Promise<T> {
  const response = await fetch(`${simulatorUrl}/_simulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<T>;
}

/** A GitHub user administering a new organization with one repository `templates`. */
export async function createGithubOrg(prefix: string, files: Record<string, string>, simulatorUrl = SIMULATOR_URL) {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  const user = `${prefix}-user-${suffix}`;
  const org = `${prefix}-${suffix}`;
  await control("POST", "/accounts", { login: user }, simulatorUrl);
  await control(
    "POST",
    "/accounts",
    { login: org, type: "Organization", members: [{ login: user, role: "admin" }] },
    simulatorUrl,
  );
  await control("POST", "/repositories", { owner: org, name: "templates", files }, simulatorUrl);
  return { user, org };
}
