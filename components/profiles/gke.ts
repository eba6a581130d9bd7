import { GKE, STATE } from "../defaults";
import { DockerEngine, Platform, RbacScope, WorkloadKind } from "../args";
import { PlatformProfile } from "./profile";

/**
 * The guide's GKE part: an app in a Deployment with an emptyDir workspace, the
 * guide's ClusterRole bound to the app's ServiceAccount, an optional Google key,
 * and a LoadBalancer Service. Its Docker engine defaults to a dind sidecar: GKE
 * nodes run containerd only, so the guide's host socket does not exist there.
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
    dockerEngine: DockerEngine.Dind,
    stateVolume: "dynamicClaim",
    stateSize: STATE.gkeSize,
    privilegedApp: true,
    // The guide grants its rules cluster-wide; the same rules in the app's namespace are enough.
    rbacScope: RbacScope.Namespace,
    googleCredentials: true,
};
