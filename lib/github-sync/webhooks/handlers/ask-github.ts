import { RequestError } from "@octokit/request-error";
import { installationClient } from "../../github-access";

/**
 * A webhook is signed by GitHub but is only a nudge: before an event takes
 * something away (marks broken, repoints), re-read the truth with the app's
 * own credentials. GitHub errors other than 404 propagate, so the delivery
 * fails and a redelivery retries.
 */
export async function repositoryAsGithubSeesIt(
  installationId: bigint,
  repositoryId: bigint,
): Promise<{ fullName: string; htmlUrl: string } | null> {
  try {
    const octokit = await installationClient(installationId);
    const { data } = await octokit.request("GET /repositories/{repository_id}", {
      repository_id: Number(repositoryId),
    });
    const repository = data as { full_name: string; html_url: string };
    return { fullName: repository.full_name, htmlUrl: repository.html_url };
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return null;
    throw error;
  }
}
