import type { Db } from "../../../db/client";
import type { GithubTruth } from "./ask-github";

/** What the delivery job's handlers need: the database, and GitHub's answer to what a delivery claims. */
export type DeliveryDeps = { db: Db; github: GithubTruth };
