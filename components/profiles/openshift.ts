import { OPENSHIFT, STATE } from "../defaults";
import { DockerEngine, Platform, RbacScope, WorkloadKind } from "../args";
import { PlatformProfile } from "./profile";

/**
 * The guide's OpenShift part: the workspace and the Docker socket come from
 * hostPath PersistentVolumes through claims, the app runs in a bare Pod, and a
 * NodePort Service named like the Pod exposes port 3000.
 */
export const openshiftProfile: PlatformProfile = {
    platform: Platform.OpenShift,
    namespace: OPENSHIFT.namespace,
    workload: WorkloadKind.Pod,
    serviceType: "NodePort",
    serviceName: OPENSHIFT.serviceName,
    workspaceMountPath: OPENSHIFT.workspaceMountPath,
    workspaceVolume: "claim",
    dockerSocketVolume: "claim",
    dockerEngine: DockerEngine.HostSocket,
    stateVolume: "hostPathClaim",
    stateSize: STATE.openshiftSize,
    privilegedApp: false,
    rbacScope: RbacScope.None,
    googleCredentials: false,
};
