/**
 * The GKE part of the package, its own entry point (`@openhands-iac/openhands-k8s/gke`): it
 * loads `@pulumi/gcp`, an optional peer that an OpenShift consumer need not install.
 */
export { GkeCluster } from "./cluster";
export type { GkeClusterArgs, GkeClusterComponentArgs } from "./args";
