import { GKE } from "../defaults";
import { Platform, WorkloadKind } from "../args";
import { PlatformProfile } from "./profile";

/**
 * The guide's GKE part: a privileged app in a Deployment with an emptyDir
 * workspace and the node's Docker socket, the guide's ClusterRole bound to the
 * app's ServiceAccount, an optional Google key, and a LoadBalancer Service.
 */
export const gkeProfile: PlatformProfile = {
    platform: Platform.Gke,
    namespace: GKE.namespace,
    workload: WorkloadKind.Deployment,
    serviceType: "LoadBalancer",
    serviceName: GKE.serviceName,
    workspaceMountPath: GKE.workspaceMountPath,
    workspaceVolume: "emptyDir",
    dockerSocketVolume: "hostPath",
    privilegedApp: true,
    clusterRole: true,
    googleCredentials: true,
};
