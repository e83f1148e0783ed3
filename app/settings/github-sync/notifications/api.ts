import type { DestinationView } from "@/lib/notifications/destinations";
import type { DeliveryAttemptView } from "@/lib/notifications/log";

/** The browser's side of /api/notifications: each call answers data or throws an Error with the server's reason. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/notifications/destinations${path}`, {
      ...init,
      headers: init.body ? { "content-type": "application/json" } : undefined,
    });
  } catch {
    throw new ApiError("The server could not be reached. Check your connection and try again.");
  }
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok)
    throw new ApiError(body?.error?.message ?? `The server answered ${response.status}.`, body?.error?.field);
  return body as T;
}

export type Created = { id: string; kind: string; events: string[]; secret?: string };

export const api = {
  list: () => request<{ destinations: DestinationView[] }>(""),
  create: (input: { kind: string; url?: string; events: string[] }) =>
    request<Created>("", { method: "POST", body: JSON.stringify(input) }),
  remove: (id: string) => request<null>(`/${id}`, { method: "DELETE" }),
  test: (id: string) => request<{ delivery_id: string }>(`/${id}/test`, { method: "POST" }),
  rotate: (id: string) => request<{ id: string; secret: string }>(`/${id}/secret`, { method: "POST" }),
  deliveries: (id: string) => request<{ deliveries: DeliveryAttemptView[] }>(`/${id}/deliveries`),
};
