export { GithubSimulator, startGithubSimulator, type SimulatorOptions } from "./simulator";
export type { FileChange } from "./git-store";
export type { Fault } from "./faults";
export type { Delivery } from "./deliveries";
export { WRITE_PERMISSIONS } from "./app-identity";
