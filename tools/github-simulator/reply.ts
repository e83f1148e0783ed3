/** What a route answers: a JSON `body`, or `raw` bytes with their own content type. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; raw?: Buffer | string };

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  headers,
});

export const notFound = (): Reply =>
  json(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
