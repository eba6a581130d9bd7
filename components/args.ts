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

/** Where the Docker daemon that runs the sandboxes comes from. */
export const DockerEngine = {
    /** The node's `/var/run/docker.sock`, as the guide mounts it. Needs a node that runs Docker. */
    HostSocket: "hostSocket",
    /** A privileged Docker daemon sidecar in the app's pod (works on containerd-only nodes such as GKE's). */
    Dind: "dind",
} as const;

/** How much Kubernetes API access the app's ServiceAccount gets (the guide's four rules). */
export const RbacScope = {
    /** The guide's ClusterRole and ClusterRoleBinding: the rules in every namespace. */
    Cluster: "cluster",
    /** A Role and RoleBinding with the same rules, in the app's namespace only. */
    Namespace: "namespace",
    /** No RBAC and no API token in the pod. */
    None: "none",
} as const;

/** CPU and memory of one container; each value is a Kubernetes quantity. */
export interface ContainerResources {
    /** CPU request, e.g. `250m`. */
    readonly cpuRequest?: string;
    /** Memory request, e.g. `1Gi`. */
    readonly memoryRequest?: string;
    /** CPU limit, e.g. `2`. */
    readonly cpuLimit?: string;
    /** Memory limit, e.g. `4Gi`. */
    readonly memoryLimit?: string;
}

/** Resources of each container of the pod; omitted fields keep their defaults. */
export interface PodResources {
    /** The OpenHands app. */
    readonly app?: ContainerResources;
    /** The SSH sandbox sidecar. */
    readonly sandbox?: ContainerResources;
    /** The Docker daemon sidecar (`dockerEngine: dind`). */
    readonly dind?: ContainerResources;
}

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
    /** `hostSocket` or `dind`. Default: `hostSocket` (openshift, as the guide), `dind` (gke: its nodes have no Docker). */
    readonly dockerEngine?: string;
    /** Image of the Docker daemon sidecar. Default: a pinned `docker:<version>-dind`. */
    readonly dindImage?: string;
    /** Size limit of the Docker daemon's data (images, sandbox containers). Default: `20Gi`. */
    readonly dindStorageSize?: string;
    /** CPU and memory requests and limits per container. Default: sized for a 4-vCPU node. */
    readonly resources?: PodResources;
    /** `SANDBOX_RUNTIME_CONTAINER_IMAGE`: the image the app starts sandboxes from. Default: unset (the app's own). */
    readonly runtimeImage?: string;
    /** Run the guide's obsolete SSH sandbox container and expose its port. Default: true, as the guide. */
    readonly sandboxSidecar?: boolean;
    /** `LLM_MODEL`, e.g. `anthropic/claude-sonnet-4-20250514`. Default: unset (the UI asks). */
    readonly llmModel?: string;
    /** `LLM_BASE_URL` of an OpenAI-compatible endpoint. Default: unset. */
    readonly llmBaseUrl?: string;
    /** `LLM_API_KEY`, kept in a Kubernetes Secret. Pass a Pulumi secret. Default: unset (the UI asks). */
    readonly llmApiKey?: pulumi.Input<string>;
    /** Keep the app's file store (settings, conversations) on a volume that outlives the pod. Default: true. */
    readonly persistentState?: boolean;
    /** Size of that volume. Default: `1Gi` (openshift, a hostPath PV), `10Gi` (gke, the default StorageClass). */
    readonly stateSize?: string;
    /** Node directory of the state volume (openshift). Default: `/var/lib/openhands`. */
    readonly stateHostPath?: string;
    /** gke: keep the workspace on a claim of the default StorageClass instead of an emptyDir. Default: false. */
    readonly persistentWorkspace?: boolean;
    /** Also deploy the guide's step-5 troubleshooting Deployment (hostSocket only). Default: false. */
    readonly troubleshooting?: boolean;
    /**
     * `cluster` (the guide's ClusterRole), `namespace` (a Role with the same rules) or `none`.
     * Default: `namespace` (gke), `none` (openshift, whose guide part has no RBAC).
     */
    readonly rbacScope?: string;
    /** Run the app as this non-root user id (restricted pod security), for images that support it. Default: unset (root, as the image). */
    readonly appRunAsUser?: number;
    /** Put the sandbox's root-login SSH port on the LoadBalancer (gke). Default: false. */
    readonly exposeSsh?: boolean;
    /** CIDRs that may reach the LoadBalancer (and, through the NetworkPolicy, the app). Default: unset (anyone). */
    readonly loadBalancerSourceRanges?: string[];
    /** A NetworkPolicy that admits traffic to the app only on its UI port. Default: true. */
    readonly networkPolicy?: boolean;
    /** An OpenShift Route with TLS edge termination in front of the Service (openshift). Default: false. */
    readonly route?: boolean;
    /** Host name of that Route. Default: unset (the router's generated host). */
    readonly routeHost?: string;
    /** OpenShift SCC to grant the ServiceAccount through a RoleBinding, e.g. `privileged`. Default: unset. */
    readonly openshiftScc?: string;
    /** PodSecurity `enforce` level of a namespace the component creates. Default: the strictest the pods pass. */
    readonly podSecurityLevel?: string;
    /** PodSecurity `warn` and `audit` levels of that namespace. Default: `restricted`. */
    readonly podSecurityWarnLevel?: string;
    /** Google service account the app impersonates through Workload Identity (gke), instead of a JSON key. */
    readonly gcpServiceAccount?: string;
}
