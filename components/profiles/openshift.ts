import { OPENSHIFT } from "../guide";
import { Platform, ServiceType } from "../enums";
import type { PlatformProfile } from "../settings/types";

/**
 * The guide's OpenShift part: the workspace and the Docker socket come from
 * hostPath PersistentVolumes through claims, the app runs in a bare Pod, and a
 * NodePort Service exposes port 3000.
 */
export const openshiftProfile: PlatformProfile = {
    platform: Platform.OpenShift,
    serviceType: ServiceType.NodePort,
    workspaceMountPath: OPENSHIFT.workspaceMountPath,
    workspaceVolume: "claim",
    dockerSocketVolume: "claim",
    stateVolume: "hostPathClaim",
    googleCredentials: false,
};
