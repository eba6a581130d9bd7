import type * as k8s from "@pulumi/kubernetes";
import { DockerEngine } from "../enums";
import { DOCKER_SOCKET_PATH, OPENSHIFT } from "../guide";
import type { OpenHandsSettings } from "../settings/types";
import { clusterMeta, namespacedMeta } from "./metadata";

/** What a claim is for in the pod. */
export type ClaimRole = "workspace" | "docker" | "state";

/**
 * A claim the pod mounts, and the hostPath PersistentVolume reserved for it when
 * it is statically bound (`volume` undefined: the cluster's default StorageClass provisions it).
 */
export interface PlannedClaim {
    /** What the claim is for. */
    readonly role: ClaimRole;
    /** The claim's Kubernetes name. */
    readonly claimName: string;
    /** Whether it holds data (state, workspace) rather than a view of the node (the Docker socket). */
    readonly keepsData: boolean;
    /** The claim. */
    readonly claim: k8s.types.input.core.v1.PersistentVolumeClaim;
    /** The hostPath PersistentVolume reserved for it, when statically bound. */
    readonly volume?: k8s.types.input.core.v1.PersistentVolume;
}

/**
 * Storage class of both sides of a static binding. The empty string opts the claim out of
 * dynamic provisioning: without it a cluster's default StorageClass provisions a fresh
 * volume and the hostPath PV is never used (the guide's own output shows this).
 */
export const NO_STORAGE_CLASS = "";

/** One hostPath PV and one claim, each naming the other, so they can only bind to each other. */
interface HostPathPair {
    readonly role: ClaimRole;
    readonly volumeName: string;
    readonly claimName: string;
    readonly hostPath: string;
    /** hostPath type: the kubelet checks it before it mounts. */
    readonly hostPathType: string;
    readonly capacity: string;
    readonly request: string;
}

/** Builds a PV + claim pair that can only bind to each other, pinned to `nodeName` when set. */
export function boundHostPathVolume(settings: OpenHandsSettings, pair: HostPathPair): PlannedClaim {
    const accessModes = [OPENSHIFT.accessMode];
    const volume: k8s.types.input.core.v1.PersistentVolume = {
        metadata: clusterMeta(pair.volumeName),
        spec: {
            capacity: { storage: pair.capacity },
            accessModes,
            persistentVolumeReclaimPolicy: OPENSHIFT.reclaimPolicy,
            storageClassName: NO_STORAGE_CLASS,
            // Reserve the volume for its claim so no other claim takes it first.
            claimRef: { namespace: settings.namespace, name: pair.claimName },
            hostPath: { path: pair.hostPath, type: pair.hostPathType },
            nodeAffinity: settings.nodeName === undefined ? undefined : {
                required: {
                    nodeSelectorTerms: [{
                        matchExpressions: [{
                            key: "kubernetes.io/hostname", operator: "In", values: [settings.nodeName],
                        }],
                    }],
                },
            },
        },
    };
    const claim: k8s.types.input.core.v1.PersistentVolumeClaim = {
        metadata: namespacedMeta(settings, pair.claimName),
        spec: {
            accessModes,
            resources: { requests: { storage: pair.request } },
            storageClassName: NO_STORAGE_CLASS,
            volumeName: pair.volumeName,
        },
    };
    return { role: pair.role, claimName: pair.claimName, keepsData: pair.role !== "docker", volume, claim };
}

/**
 * A claim on the cluster's default StorageClass. GKE's default binds only once a pod
 * uses the claim, so Pulumi is told not to wait for `Bound`.
 */
export function dynamicClaim(settings: OpenHandsSettings, role: ClaimRole, name: string, size: string): PlannedClaim {
    const metadata = namespacedMeta(settings, name);
    return {
        role,
        claimName: name,
        keepsData: role !== "docker",
        claim: {
            metadata: { ...metadata, annotations: { "pulumi.com/skipAwait": "true" } },
            spec: { accessModes: [OPENSHIFT.accessMode], resources: { requests: { storage: size } } },
        },
    };
}

/**
 * Every claim of the stack. OpenShift: the guide's workspace and Docker-socket
 * volumes (the socket only with `hostSocket`; its hostPath type `Socket` makes a
 * node without Docker fail the mount loudly instead of mounting an empty
 * directory), and a state volume. GKE: claims on the default StorageClass for the
 * state and, when asked, the workspace.
 */
export function storagePlan(settings: OpenHandsSettings): PlannedClaim[] {
    const { profile, names } = settings;
    const plan: PlannedClaim[] = [];
    if (profile.workspaceVolume === "claim") {
        plan.push(boundHostPathVolume(settings, {
            role: "workspace", volumeName: names.workspaceVolume, claimName: names.workspaceClaim,
            hostPath: settings.workspaceHostPath, hostPathType: "DirectoryOrCreate",
            capacity: settings.workspaceSize, request: settings.workspaceClaimSize,
        }));
    } else if (settings.persistentWorkspace) {
        plan.push(dynamicClaim(settings, "workspace", names.workspaceClaim, settings.persistentWorkspaceSize));
    }
    if (settings.dockerEngine === DockerEngine.HostSocket && profile.dockerSocketVolume === "claim") {
        plan.push(boundHostPathVolume(settings, {
            role: "docker", volumeName: names.dockerVolume, claimName: names.dockerClaim,
            hostPath: DOCKER_SOCKET_PATH, hostPathType: "Socket",
            capacity: settings.workspaceSize, request: settings.workspaceClaimSize,
        }));
    }
    if (settings.persistentState && profile.stateVolume === "hostPathClaim") {
        plan.push(boundHostPathVolume(settings, {
            role: "state", volumeName: names.stateVolume, claimName: names.stateClaim,
            hostPath: settings.stateHostPath, hostPathType: "DirectoryOrCreate",
            capacity: settings.stateSize, request: settings.stateSize,
        }));
    } else if (settings.persistentState) {
        plan.push(dynamicClaim(settings, "state", names.stateClaim, settings.stateSize));
    }
    return plan;
}

/**
 * The resource options that keep data: `protect` makes Pulumi refuse to replace or delete
 * the resource (a new size, host path or namespace would otherwise give the app an empty
 * volume), and `retainOnDelete` leaves it in the cluster if it is ever removed from the
 * program. Off with `protectData: false`.
 */
export function dataProtection(settings: OpenHandsSettings): { readonly protect?: boolean; readonly retainOnDelete?: boolean } {
    return settings.protectData ? { protect: true, retainOnDelete: true } : {};
}

/** The claim name of a role in the plan, if the plan has one. */
export function claimNameOf(plan: readonly PlannedClaim[], role: ClaimRole): string | undefined {
    const found = plan.find((p) => p.role === role);
    return found?.claimName;
}
