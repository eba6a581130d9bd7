/**
 * What a platform profile decides: the shape of the deployment on that platform.
 * Values a user may override (namespace, workload kind) are defaults here;
 * the rest is fixed by the platform.
 */
export interface PlatformProfile {
    /** The `platform` value that selects this profile. */
    readonly platform: string;
    /** Namespace used when the user names none. */
    readonly namespace: string;
    /** Workload kind used when the user names none. */
    readonly workload: string;
    /** Type of the Service in front of the app. */
    readonly serviceType: "NodePort" | "LoadBalancer";
    /** Name of that Service. */
    readonly serviceName: string;
    /** Where the app container sees its workspace (also `WORKSPACE_MOUNT_PATH`). */
    readonly workspaceMountPath: string;
    /** `claim`: hostPath PersistentVolumes bound to claims; `emptyDir`: scratch space of the pod. */
    readonly workspaceVolume: "claim" | "emptyDir";
    /** `claim`: the socket comes through a hostPath PV and claim; `hostPath`: a hostPath volume of type Socket. */
    readonly dockerSocketVolume: "claim" | "hostPath";
    /** Docker engine used when the user names none: `hostSocket` or `dind`. */
    readonly dockerEngine: string;
    /** Where the state volume comes from: a bound hostPath PV, or the cluster's default StorageClass. */
    readonly stateVolume: "hostPathClaim" | "dynamicClaim";
    /** Default size of the state volume. */
    readonly stateSize: string;
    /** Whether the app container runs privileged with `hostSocket`, as the guide's GKE part does. */
    readonly privilegedApp: boolean;
    /** RBAC scope used when the user names none: `cluster`, `namespace` or `none`. */
    readonly rbacScope: string;
    /** Whether the profile can mount a Google service-account key. */
    readonly googleCredentials: boolean;
}
