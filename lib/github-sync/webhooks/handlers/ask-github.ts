import { RequestError } from "@octokit/request-error";
import { fetchInstallation, installationClient } from "../../github-access";

/** An installation as GitHub reports it (GET /app/installations/{id}). */
export type InstallationTruth = NonNullable<Awaited<ReturnType<typeof fetchInstallation>>>;

/**
 * A webhook is signed by GitHub but is only a nudge: before an event changes what is stored,
 * the delivery job re-reads the truth with the app's own credentials. Errors other than 404
 * propagate, so the job's step fails and Inngest retries it until GitHub answers.
 */
export type GithubTruth = {
  installation(installationId: bigint): Promise<InstallationTruth | null>;
  repository(installationId: bigint, repositoryId: bigint): Promise<{ fullName: string; htmlUrl: string } | null>;
};

/** The truth from GitHub through the job's App (no in-process retries: Inngest retries the step). */
export const githubTruth: GithubTruth = {
  installation: (installationId) => fetchInstallation(installationId, "job"),
  async repository(installationId, repositoryId) {
    try {
      const octokit = await installationClient(installationId, "job");
      const { data } = await octokit.request("GET /repositories/{repository_id}", {
        repository_id: Number(repositoryId),
      });
      const repository = data as { full_name: string; html_url: string };
      return { fullName: repository.full_name, htmlUrl: repository.html_url };
    } catch (error) {
      if (error instanceof RequestError && error.status === 404) return null;
      throw error;
    }
  },
};
