import { GKE } from "../guide";
import { Platform, ServiceType } from "../enums";
import type { PlatformProfile } from "../settings/types";

/**
 * The guide's GKE part: an app in a Deployment, an optional Google key, and a
 * LoadBalancer Service. The workspace (the guide's emptyDir, unless `persistentWorkspace`
 * keeps it on a claim, the default) and the state volume come from the cluster's default
 * StorageClass.
 */
export const gkeProfile: PlatformProfile = {
    platform: Platform.Gke,
    serviceType: ServiceType.LoadBalancer,
    workspaceMountPath: GKE.workspaceMountPath,
    workspaceVolume: "emptyDir",
    dockerSocketVolume: "hostPath",
    stateVolume: "dynamicClaim",
    googleCredentials: true,
};
