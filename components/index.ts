/**
 * Public API of the OpenHands component package: what `npm install` users import.
 */
export { OpenHands, OPENHANDS_TYPE } from "./openhands";
export {
    ContainerResources, DockerEngine, OpenHandsArgs, Platform, PodResources, RbacScope, WorkloadKind,
} from "./args";
export { GkeCluster, GkeClusterArgs, GKE_CLUSTER_TYPE, ReleaseChannel } from "./gke/cluster";
export { gkeKubeconfig } from "./gke/kubeconfig";
export { workloadIdentityBinding, WorkloadIdentityArgs } from "./gke/workload-identity";
export { resolveSettings, OpenHandsSettings } from "./config/resolve";
export { InvalidSettingsError } from "./config/validate";
export { PROFILES, PlatformProfile, openshiftProfile, gkeProfile } from "./profiles";
export { evaluatePodSecurity, PodSecurityLevel, PodSecurityReport } from "./security/pod-security";
export * as defaults from "./defaults";
