import * as pulumi from "@pulumi/pulumi";

/** The platforms the component knows; each has a profile in `components/profiles/`. */
export const Platform = {
    /** The guide's OpenShift part: hostPath volumes, a Pod, a NodePort Service. */
    OpenShift: "openshift",
    /** The guide's GKE part: RBAC, a Deployment, a LoadBalancer Service. */
    Gke: "gke",
} as const;

/** The kinds of workload that can run the app. */
export const WorkloadKind = {
    /** A bare Pod, as the guide's OpenShift part creates. */
    Pod: "Pod",
    /** An `apps/v1` Deployment, as the guide's GKE part creates. */
    Deployment: "Deployment",
} as const;

/**
 * Arguments of the {@link OpenHands} component. Every field but `platform` is
 * optional; an omitted field takes the platform profile's value, which is the
 * guide's own. Closed sets of values are plain strings checked at run time, so
 * the component stays usable from other Pulumi languages.
 */
export interface OpenHandsArgs {
    /** Which profile to deploy: `openshift` or `gke`. */
    readonly platform: string;
    /** Namespace of every namespaced object. Default: `openhands` (openshift), `default` (gke). */
    readonly namespace?: string;
    /** Create the namespace. Default: true, except for the built-in `default` namespace. */
    readonly createNamespace?: boolean;
    /** Image of the OpenHands app container. Default: `ghcr.io/all-hands-ai/openhands:main`. */
    readonly appImage?: string;
    /** Image of the SSH sandbox container. Default: `ghcr.io/all-hands-ai/sandbox:main`. */
    readonly sandboxImage?: string;
    /** `SANDBOX_USER_ID` given to the app. Default: 1000. */
    readonly sandboxUserId?: number;
    /** Capacity of the hostPath PersistentVolumes (openshift). Default: `2Gi`. */
    readonly workspaceSize?: string;
    /** Storage each claim requests (openshift); at most `workspaceSize`. Default: `1Gi`. */
    readonly workspaceClaimSize?: string;
    /** Node directory that backs the workspace volume (openshift). Default: `/tmp/workspace`. */
    readonly workspaceHostPath?: string;
    /**
     * Node to run on. The hostPath volumes then carry node affinity for it and the
     * workload a node selector, so the pod lands where the socket and workspace are.
     * Default: unset (the scheduler picks; right for a single-worker cluster, as the guide assumes).
     */
    readonly nodeName?: string;
    /** Node port of the NodePort Service (openshift), 30000-32767. Default: unset (the cluster picks). */
    readonly nodePort?: number;
    /** Replicas of the Deployment. Default: 1. */
    readonly replicas?: number;
    /** `Pod` or `Deployment`. Default: `Pod` (openshift), `Deployment` (gke). */
    readonly workload?: string;
    /**
     * Existing ServiceAccount the app runs as and the ClusterRoleBinding names (gke);
     * the guide uses `default`. Default: unset, and the component creates a dedicated one.
     */
    readonly serviceAccount?: string;
    /**
     * Google service-account key JSON (gke). When set, Secret `google-cloud-key` holds it
     * as `key.json`, mounted as a file and named by `GOOGLE_APPLICATION_CREDENTIALS`.
     * Pass a Pulumi secret.
     */
    readonly googleCredentials?: pulumi.Input<string>;
}
