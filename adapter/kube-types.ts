/**
 * The few Kubernetes object shapes the adapter writes and reads: only the fields it
 * uses, typed by hand (the adapter ships without a client library; see README.md).
 * A leaf: it imports nothing.
 */

/** Object metadata, as far as the adapter uses it. */
export interface ObjectMeta {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: OwnerReference[];
}

/** A reference from a dependent object to the object that owns it (garbage collection). */
export interface OwnerReference {
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
}

/** A status condition (metav1.Condition). */
export interface Condition {
    type: string;
    status: "True" | "False" | "Unknown";
    reason?: string;
    message?: string;
    observedGeneration?: number;
    lastTransitionTime?: string;
}

/** Any object: kind, metadata, and whatever else. */
export interface KubeObject {
    apiVersion?: string;
    kind?: string;
    metadata: ObjectMeta;
}

/** A list of objects of one kind. */
export interface KubeList<T> {
    apiVersion?: string;
    kind?: string;
    metadata?: { resourceVersion?: string; continue?: string };
    items: T[];
}

/** A core/v1 Secret. */
export interface Secret extends KubeObject {
    type?: string;
    /** Values base64-encoded. */
    data?: Record<string, string>;
    immutable?: boolean;
}

/** The operating modes of an agent-sandbox Sandbox. */
export const OperatingMode = { Running: "Running", Suspended: "Suspended" } as const;
/** An operating mode of a Sandbox. */
export type OperatingMode = (typeof OperatingMode)[keyof typeof OperatingMode];

/** An agents.x-k8s.io/v1beta1 Sandbox (kubernetes-sigs/agent-sandbox v1.0.3, api/v1beta1/sandbox_types.go). */
export interface Sandbox extends KubeObject {
    spec: {
        podTemplate: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, unknown> };
        volumeClaimTemplates?: Array<{ metadata: { name: string; labels?: Record<string, string> }; spec: Record<string, unknown> }>;
        service?: boolean;
        operatingMode?: OperatingMode;
    };
    status?: {
        conditions?: Condition[];
        service?: string;
        serviceFQDN?: string;
        podIPs?: string[];
        nodeName?: string;
    };
}

/** A container's waiting or terminated state, as far as the adapter reads it. */
export interface ContainerStatus {
    name: string;
    ready?: boolean;
    restartCount?: number;
    state?: { waiting?: { reason?: string; message?: string }; running?: object; terminated?: { reason?: string; exitCode?: number } };
}

/** A core/v1 Pod, as far as the adapter reads it. */
export interface Pod extends KubeObject {
    status?: { phase?: string; containerStatuses?: ContainerStatus[]; conditions?: Condition[] };
}
