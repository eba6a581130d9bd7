import type * as pulumi from "@pulumi/pulumi";
import type { BrowserAccess, DockerEngine, Platform, PodSecurityLevel, RbacScope, WorkloadKind } from "./enums";
import type { GkeClusterArgs } from "./gke/args";

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
    /** The reverse proxy (1.x releases). */
    readonly proxy?: ContainerResources;
}

/**
 * Arguments of the {@link OpenHands} component: the settings every platform reads, plus one
 * option group per platform ({@link OpenShiftOptions}, {@link GkeOptions}) for the settings
 * that platform alone reads. Every field but `platform` is optional. Each field's meaning,
 * default and check are written once, in `components/settings/catalog.ts`; the doc comments
 * here are generated from it (`npm run gen:config`). In stack config every field, grouped or
 * not, is `openhands:<field>` (the cluster's fields are `openhands:gke<Field>`).
 *
 * Values the component hands to Kubernetes as they are take a `pulumi.Input`, so another
 * resource's output can feed them; they are checked as soon as they are known. Values that
 * decide which resources exist, that are compared with other values, or that the component
 * computes with are plain, so that every check runs before anything is registered.
 */
export interface OpenHandsArgs {
    /** Which profile to deploy. */
    readonly platform: Platform;
    /** Kubernetes names as the guide writes them, instead of names derived from the component's name. */
    readonly guideNames?: boolean;
    /** Namespace of every namespaced object. */
    readonly namespace?: pulumi.Input<string>;
    /** Create the namespace (never a built-in one, nor one passed as an output). */
    readonly createNamespace?: boolean;
    /**
     * Release of OpenHands to deploy, e.g. `1.8.0` or `0.59`: it selects the generation's
     * contract (environment, proxy) and, without `appImage`, the release table's images.
     */
    readonly openhandsVersion?: string;
    /** Image of the OpenHands app container; its tag must name a version unless `openhandsVersion` does. */
    readonly appImage?: pulumi.Input<string>;
    /** Sandbox (agent-server) image of a 1.x release, `repository:tag`. */
    readonly agentServerImage?: pulumi.Input<string>;
    /** Image of the reverse proxy in front of the app and its sandboxes (1.x). */
    readonly proxyImage?: pulumi.Input<string>;
    /** How the browser reaches the app: through the Service, or `kubectl port-forward`. */
    readonly browserAccess?: BrowserAccess;
    /** Image of the SSH sandbox container. */
    readonly sandboxImage?: pulumi.Input<string>;
    /** `SANDBOX_USER_ID` given to the app. */
    readonly sandboxUserId?: pulumi.Input<number>;
    /**
     * Node to run on. The hostPath volumes then carry node affinity for it and the
     * workload a node selector, so the pod lands where the socket and workspace are.
     */
    readonly nodeName?: pulumi.Input<string>;
    /** Node port of the Service. */
    readonly nodePort?: pulumi.Input<number>;
    /** Replicas of the Deployment. */
    readonly replicas?: number;
    /** Kind of workload that runs the app. */
    readonly workload?: WorkloadKind;
    /** Existing ServiceAccount the app runs as and the RBAC binds; unset: a dedicated one is created. */
    readonly serviceAccount?: pulumi.Input<string>;
    /** Where the Docker daemon that runs the sandboxes comes from. */
    readonly dockerEngine?: DockerEngine;
    /** Image of the Docker daemon sidecar. */
    readonly dindImage?: pulumi.Input<string>;
    /** Size limit of the Docker daemon's data (images, sandbox containers). */
    readonly dindStorageSize?: string;
    /** CPU and memory requests and limits per container. */
    readonly resources?: PodResources;
    /** `SANDBOX_RUNTIME_CONTAINER_IMAGE` of a 0.x release: the image the app starts sandboxes from. */
    readonly runtimeImage?: pulumi.Input<string>;
    /** Run the guide's obsolete SSH sandbox container and expose its port. */
    readonly sandboxSidecar?: boolean;
    /** LLM model seeded into the app's settings.json, e.g. `anthropic/claude-sonnet-4-20250514`. */
    readonly llmModel?: pulumi.Input<string>;
    /** LLM base URL seeded into the app's settings.json (an OpenAI-compatible endpoint). */
    readonly llmBaseUrl?: pulumi.Input<string>;
    /** LLM API key seeded into the app's settings.json through a Secret; secret in state whatever is passed. */
    readonly llmApiKey?: pulumi.Input<string>;
    /**
     * Protect the state and workspace volumes (and a namespace holding them): a change that
     * would replace one is refused, and `pulumi destroy` leaves them (use `--exclude-protected`).
     */
    readonly protectData?: boolean;
    /** Keep the app's file store (settings, conversations) on a volume that outlives the pod. */
    readonly persistentState?: boolean;
    /** Size of that volume. */
    readonly stateSize?: string;
    /** Also deploy the guide's step-5 troubleshooting Deployment (hostSocket only). */
    readonly troubleshooting?: boolean;
    /** The app's Kubernetes API rights: the guide's ClusterRole bound cluster-wide, in the namespace only, or none. */
    readonly rbacScope?: RbacScope;
    /** Run the app as this non-root user id (with `NO_SETUP=true`); 1.x runs as the image's user 42420 by default. */
    readonly appRunAsUser?: number;
    /** A NetworkPolicy that admits traffic to the app only on its UI port, and limits where the pod may connect. */
    readonly networkPolicy?: boolean;
    /** CIDRs the app's pod (and, with dind, every sandbox) may not connect to; DNS stays allowed. */
    readonly egressDeniedCidrs?: string[];
    /** PodSecurity `enforce` level of a namespace the component creates. */
    readonly podSecurityLevel?: PodSecurityLevel;
    /** PodSecurity `warn` and `audit` levels of that namespace. */
    readonly podSecurityWarnLevel?: PodSecurityLevel;
    /** Settings read on the `openshift` platform only. */
    readonly openshift?: OpenShiftOptions;
    /** Settings read on the `gke` platform only, among them the GKE cluster to create. */
    readonly gke?: GkeOptions;
}

/** Settings of the `openshift` platform: its hostPath volumes, Route and SCC. */
export interface OpenShiftOptions {
    /** Capacity of the hostPath PersistentVolumes (openshift). */
    readonly workspaceSize?: string;
    /** Storage each claim requests (openshift); at most `workspaceSize`. */
    readonly workspaceClaimSize?: string;
    /** Node directory that backs the workspace volume (openshift). */
    readonly workspaceHostPath?: string;
    /** Node directory of the state volume (openshift). */
    readonly stateHostPath?: string;
    /** An OpenShift Route with TLS edge termination in front of the Service (openshift). */
    readonly route?: boolean;
    /** Host name of that Route. */
    readonly routeHost?: pulumi.Input<string>;
    /** OpenShift SCC to grant the ServiceAccount through a RoleBinding, e.g. `privileged`. */
    readonly openshiftScc?: string;
}

/** Settings of the `gke` platform: its credentials, workspace claim, load balancer and cluster. */
export interface GkeOptions {
    /**
     * Google service-account key JSON (gke): a Secret holds it as `key.json`, mounted as a
     * file and named by `GOOGLE_APPLICATION_CREDENTIALS`. Kept secret whatever is passed.
     */
    readonly googleCredentials?: pulumi.Input<string>;
    /** Keep the workspace on a claim of the default StorageClass instead of an emptyDir (gke). */
    readonly persistentWorkspace?: boolean;
    /** Size of the gke workspace: its claim with `persistentWorkspace`, else its emptyDir's size limit. */
    readonly persistentWorkspaceSize?: string;
    /** Put the sandbox's root-login SSH port on the LoadBalancer (gke). */
    readonly exposeSsh?: boolean;
    /** CIDRs that may reach the LoadBalancer (and, through the NetworkPolicy, the app). */
    readonly loadBalancerSourceRanges?: string[];
    /** Google service account the app acts as through Workload Identity (gke); the component binds it. */
    readonly gcpServiceAccount?: pulumi.Input<string>;
    /** Project of the GKE cluster whose Workload Identity pool the app joins; default: `cluster.project`. */
    readonly gcpProject?: pulumi.Input<string>;
    /**
     * A GKE cluster to create first (gke); the Kubernetes objects then go to it. Unset:
     * they go to the cluster of the provider in the resource options (or the current kubeconfig).
     */
    readonly cluster?: GkeClusterArgs;
}

/**
 * Every setting in one flat shape: what the resolver reads once the option groups are
 * merged (`cluster` among them). Internal; the public shape is {@link OpenHandsArgs}.
 */
export type FlatArgs = Omit<OpenHandsArgs, "openshift" | "gke"> & OpenShiftOptions & GkeOptions;

/** The keys of the settings catalog: every flat setting but the nested `cluster`. */
export type SettingKey = Exclude<keyof FlatArgs, "cluster">;
