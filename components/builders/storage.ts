import * as k8s from "@pulumi/kubernetes";
import { DOCKER_SOCKET_PATH, OPENSHIFT } from "../defaults";
import { OpenHandsSettings } from "../config/resolve";
import { clusterMeta, namespacedMeta } from "./metadata";

/** A hostPath PersistentVolume and the claim that binds to it, named as the guide names them. */
export interface BoundVolume {
    /** Role of the pair in the pod: which pod volume uses the claim. */
    readonly role: "workspace" | "docker";
    readonly volume: k8s.types.input.core.v1.PersistentVolume;
    readonly claim: k8s.types.input.core.v1.PersistentVolumeClaim;
}

/**
 * Storage class of both sides. The empty string opts the claim out of dynamic
 * provisioning: without it a cluster's default StorageClass provisions a fresh
 * volume and the hostPath PV is never used (the guide's own output shows this).
 */
export const NO_STORAGE_CLASS = "";

interface VolumeSpec {
    readonly role: BoundVolume["role"];
    readonly volumeName: string;
    readonly claimName: string;
    readonly hostPath: string;
    /** hostPath type: the kubelet checks it before it mounts. */
    readonly hostPathType: string;
}

/** Builds one PV + claim pair that can only bind to each other. */
export function boundHostPathVolume(settings: OpenHandsSettings, spec: VolumeSpec): BoundVolume {
    const accessModes = [OPENSHIFT.accessMode];
    const volume: k8s.types.input.core.v1.PersistentVolume = {
        metadata: clusterMeta(spec.volumeName),
        spec: {
            capacity: { storage: settings.workspaceSize },
            accessModes,
            persistentVolumeReclaimPolicy: OPENSHIFT.reclaimPolicy,
            storageClassName: NO_STORAGE_CLASS,
            // Reserve the volume for its claim so no other claim takes it first.
            claimRef: { namespace: settings.namespace, name: spec.claimName },
            hostPath: { path: spec.hostPath, type: spec.hostPathType },
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
        metadata: namespacedMeta(settings, spec.claimName),
        spec: {
            accessModes,
            resources: { requests: { storage: settings.workspaceClaimSize } },
            storageClassName: NO_STORAGE_CLASS,
            volumeName: spec.volumeName,
        },
    };
    return { role: spec.role, volume, claim };
}

/**
 * The guide's two volumes: the workspace directory and the node's Docker socket.
 * The socket volume has hostPath type `Socket`, so a node without a Docker daemon
 * fails the mount with a clear event instead of mounting an empty directory.
 */
export function openshiftVolumes(settings: OpenHandsSettings): BoundVolume[] {
    return [
        boundHostPathVolume(settings, {
            role: "workspace",
            volumeName: OPENSHIFT.workspacePvName,
            claimName: OPENSHIFT.workspacePvcName,
            hostPath: settings.workspaceHostPath,
            hostPathType: "DirectoryOrCreate",
        }),
        boundHostPathVolume(settings, {
            role: "docker",
            volumeName: OPENSHIFT.dockerPvName,
            claimName: OPENSHIFT.dockerPvcName,
            hostPath: DOCKER_SOCKET_PATH,
            hostPathType: "Socket",
        }),
    ];
}
