/**
 * Public API of the OpenHands component package: what `npm install` users import.
 * The component, its args and option groups, every closed value set an argument uses, and
 * the error type. The GkeCluster component alone has its own entry point,
 * `@openhands-iac/openhands-k8s/gke`, so that nothing here loads `@pulumi/gcp` (an
 * optional peer): `OpenHands` loads it only when asked to create a cluster.
 * Everything else is internal and may change in any release.
 */
export { OpenHands } from "./openhands";
export type { ContainerResources, GkeOptions, OpenHandsArgs, OpenShiftOptions, PodResources } from "./args";
export type { GkeClusterArgs } from "./gke/args";
export {
    AgentSandboxInstall, BrowserAccess, DockerEngine, Platform, PodSecurityLevel, RbacScope, ReleaseChannel, SandboxMode, ServiceType,
    WorkloadKind,
} from "./enums";
export { InvalidSettingsError } from "./settings/validate";
