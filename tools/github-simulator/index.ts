export { GithubSimulator, startGithubSimulator, type SimulatorOptions } from "./simulator";
export type { FileChange } from "./git-store";
export type { Fault } from "./traffic";
export type { Delivery } from "./webhooks";
