import * as collection from "@/app/api/templates/route";
import * as item from "@/app/api/templates/[id]/route";
import * as versions from "@/app/api/templates/[id]/versions/route";
import * as version from "@/app/api/templates/[id]/versions/[versionId]/route";
import * as compare from "@/app/api/templates/[id]/versions/[versionId]/compare/[otherId]/route";
import * as restore from "@/app/api/templates/[id]/versions/[versionId]/restore/route";
import { startRouteServer } from "../../tools/route-server";
import { appOrigin } from "./session";

/** The templates and history API over real HTTP, with a JSON caller that sends the app's Origin. */
export async function startHistoryRoutes() {
  const server = await startRouteServer({
    "/api/templates": collection,
    "/api/templates/:id": item,
    "/api/templates/:id/versions": versions,
    "/api/templates/:id/versions/:versionId": version,
    "/api/templates/:id/versions/:versionId/compare/:otherId": compare,
    "/api/templates/:id/versions/:versionId/restore": restore,
  });
  async function call(
    method: string,
    path: string,
    cookie?: string,
    body?: string,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...(cookie ? { cookie } : {}), origin: appOrigin(), "content-type": "application/json", ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  return { server, call, close: () => server.close() };
}
