/**
 * Public API of the OpenHands component package: what `npm install` users import.
 * Only the components, their args, the closed value sets and the error type are
 * exported; everything else is internal and may change in any release.
 */
export { OpenHands } from "./openhands";
export type { ContainerResources, OpenHandsArgs, PodResources } from "./args";
export { GkeCluster } from "./gke/cluster";
export type { GkeClusterArgs } from "./gke/args";
export {
    DockerEngine, Platform, PodSecurityLevel, RbacScope, ReleaseChannel, ServiceType, WorkloadKind,
} from "./enums";
export { InvalidSettingsError } from "./settings/validate";
