import type * as pulumi from "@pulumi/pulumi";
import type {
    AgentSandboxInstall, BrowserAccess, DockerEngine, Platform, PodSecurityLevel, RbacScope, SandboxMode, WorkloadKind,
} from "./enums";
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
    /** The runtime API adapter (`sandboxes: pods`). */
    readonly adapter?: ContainerResources;
    /** Each sandbox pod's agent-server (`sandboxes: pods`), at the app's resource factor 1. */
    readonly agentServer?: ContainerResources;
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
    /**
     * Which profile to deploy: openshift (hostPath volumes, a Pod, a NodePort Service) or gke (RBAC, a
     * Deployment, a LoadBalancer Service). Required.
     */
    readonly platform: Platform;
    /**
     * Give the Kubernetes objects the guide's names (openhands-app-2024, workspace-pv, privileged-role, ...);
     * false derives every name from the component's name, so two instances can share a cluster. Default:
     * `false`.
     */
    readonly guideNames?: boolean;
    /**
     * Namespace of every namespaced object, a DNS-1123 label. Default: `openhands` on openshift, `default` on
     * gke.
     */
    readonly namespace?: pulumi.Input<string>;
    /**
     * Create the namespace. Built-in namespaces (default, kube-system, ...) and namespaces passed as another
     * resource's output are never created. Default: `true`.
     */
    readonly createNamespace?: boolean;
    /**
     * Release of OpenHands to deploy (0.10 to 0.x and 1.2 to 1.11.0 except 1.9.0-1.9.2; pinned images for
     * 1.11.0, 1.10.0, 1.9.3, 1.8.0, 1.7.0, 1.6.0, 0.62.0, 0.59.0): selects the generation's contract (0.x:
     * the app reaches its runtime sandboxes itself; 1.x: the browser reaches each sandbox through the pod's
     * proxy) and, without appImage, the release table's images. Default: unset (the version in appImage's
     * tag, else 1.11.0).
     */
    readonly openhandsVersion?: string;
    /**
     * Image of the OpenHands app container. A tag without a version (main, latest) needs openhandsVersion.
     * Default: unset (the release table's app image of openhandsVersion).
     */
    readonly appImage?: pulumi.Input<string>;
    /**
     * Sandbox image of a 1.x release, repository:tag (AGENT_SERVER_IMAGE_REPOSITORY and
     * AGENT_SERVER_IMAGE_TAG). Default: unset (the release table's agent-server of openhandsVersion, else the
     * release's compiled-in default).
     */
    readonly agentServerImage?: pulumi.Input<string>;
    /**
     * Seconds a 1.x sandbox may take, from its container's start, to answer its /health before the app marks
     * it failed, 1 to 3600: with sandboxes docker, SANDBOX_STARTUP_GRACE_SECONDS (read from 1.4.0); with
     * sandboxes pods, OH_APP_CONVERSATION_SANDBOX_STARTUP_TIMEOUT (the app's sandbox_startup_timeout, from
     * the pod's creation, image pull included). The release's own 15 s is too short for a CPU-limited pod:
     * the agent-server answers only once its VS Code server is up (it waits up to 30 s for it) and its tools
     * are loaded, on the CPU the Docker daemon's limit leaves. Default: unset (120 on releases that read it
     * (1.4.0 and later); nothing on the others; with sandboxes pods, 600).
     */
    readonly sandboxStartupGraceSeconds?: number;
    /**
     * Image of the reverse proxy in the app's pod (1.x): one port for the UI and every sandbox. It must run
     * nginx: the container runs nginx on the PATH with the component's nginx.conf, as uid 101 on a read-only
     * root filesystem, writing only to /tmp (docs/security.md). Other proxies and the stack's own images are
     * refused; a name without nginx is warned about. Default: `nginxinc/nginx-unprivileged:1.28.0-alpine`.
     */
    readonly proxyImage?: pulumi.Input<string>;
    /**
     * How the browser reaches the app, which fixes the sandbox URLs of a 1.x release: service (the
     * LoadBalancer's port, the pinned nodePort, or the Route's HTTPS port) or portForward (kubectl
     * port-forward to the same local port; the Service is then ClusterIP, with no load balancer and no node
     * port). Default: `service`.
     */
    readonly browserAccess?: BrowserAccess;
    /**
     * Image of the guide's SSH sandbox container beside the app. Default:
     * `ghcr.io/all-hands-ai/sandbox:main`.
     */
    readonly sandboxImage?: pulumi.Input<string>;
    /** SANDBOX_USER_ID given to the app, a whole number from 0 to 2147483647. Default: `1000`. */
    readonly sandboxUserId?: pulumi.Input<number>;
    /**
     * Node to pin the app to, and that holds the hostPath volumes: their PersistentVolumes carry node
     * affinity for it, so a replacement pod starts where the data is. Required on openshift, whose workspace
     * and state are hostPath volumes. Default: unset (openshift: refused, with how to choose one; gke: the
     * scheduler picks).
     */
    readonly nodeName?: pulumi.Input<string>;
    /** Node port of the Service, 30000-32767. Default: unset (the cluster picks). */
    readonly nodePort?: pulumi.Input<number>;
    /** Replicas of the Deployment, a whole number >= 0. Default: `1`. */
    readonly replicas?: number;
    /** Pod or Deployment. Default: `Pod` on openshift, `Deployment` on gke. */
    readonly workload?: WorkloadKind;
    /**
     * Existing ServiceAccount the app runs as and the RBAC binds (the guide uses 'default'). Default: unset
     * (a dedicated one is created).
     */
    readonly serviceAccount?: pulumi.Input<string>;
    /**
     * Where the Docker daemon comes from: hostSocket (the node's socket, as the guide; 0.x only) or dind (a
     * daemon sidecar in the pod; GKE nodes have no Docker). Default: unset (dind; for a 0.x release on
     * openshift, hostSocket (the guide)).
     */
    readonly dockerEngine?: DockerEngine;
    /**
     * Image of the Docker daemon sidecar (dockerEngine dind), a pinned release. Default:
     * `docker:28.5.2-dind`.
     */
    readonly dindImage?: pulumi.Input<string>;
    /**
     * Size limit of the Docker daemon's data (images, sandbox containers), a storage quantity. Default:
     * `20Gi`.
     */
    readonly dindStorageSize?: string;
    /**
     * Requests and limits per container (app, sandbox, dind, proxy; with sandboxes pods, adapter and
     * agentServer, the latter per sandbox pod at the app's resource factor 1), each with cpuRequest,
     * memoryRequest, cpuLimit, memoryLimit; e.g. {"app": {"memoryLimit": "8Gi"}}. Omitted fields keep their
     * defaults. Default: the catalog's requests and limits per container (see docs/configuration.md).
     */
    readonly resources?: PodResources;
    /**
     * Runtime image of a 0.x release (SANDBOX_RUNTIME_CONTAINER_IMAGE). Default: unset (the release table's
     * runtime of openhandsVersion, else the app builds one).
     */
    readonly runtimeImage?: pulumi.Input<string>;
    /**
     * Run the guide's obsolete SSH sandbox container (and expose its port where asked); no release uses it.
     * Default: `false`.
     */
    readonly sandboxSidecar?: boolean;
    /**
     * LLM model seeded into the app's settings.json on first start, e.g. anthropic/claude-sonnet-4-20250514;
     * a file changed in the UI is never overwritten. Surrounding whitespace is trimmed; a line break inside
     * is refused. Default: unset (the UI asks).
     */
    readonly llmModel?: pulumi.Input<string>;
    /**
     * LLM base URL seeded into settings.json (an OpenAI-compatible endpoint), stored normalised: trimmed,
     * scheme and host in lower case, no default port, no trailing slash. Default: unset.
     */
    readonly llmBaseUrl?: pulumi.Input<string>;
    /**
     * LLM API key seeded into settings.json; it travels only in a Kubernetes Secret, never in an environment.
     * Surrounding whitespace is trimmed; a line break inside is refused. Kept secret. Default: unset (the UI
     * asks).
     */
    readonly llmApiKey?: pulumi.Input<string>;
    /**
     * Protect the state and workspace volumes, and a created namespace that holds them: Pulumi refuses any
     * change that would replace or delete one (a new size, path or namespace), and pulumi destroy
     * --exclude-protected leaves them and their data. false lets such changes empty them. Default: `true`.
     */
    readonly protectData?: boolean;
    /**
     * Keep the app's file store (settings, conversations) on a volume that outlives the pod. Default: `true`.
     */
    readonly persistentState?: boolean;
    /**
     * Size of the state volume (a hostPath PV on openshift, the default StorageClass on gke). Default: `1Gi`
     * on openshift, `10Gi` on gke.
     */
    readonly stateSize?: string;
    /**
     * Deploy the guide's step-5 troubleshooting Deployment next to the node's Docker socket (dockerEngine
     * hostSocket only). Default: `false`.
     */
    readonly troubleshooting?: boolean;
    /**
     * The app's Kubernetes API rights, the guide's ClusterRole (pods, deployments, exec, logs) bound
     * cluster-wide (cluster), in the app's namespace only (namespace), or not at all (none). OpenHands with a
     * Docker engine makes no API calls: the rights keep the guide's shape for tools that use them. Default:
     * `none` on openshift, `namespace` on gke.
     */
    readonly rbacScope?: RbacScope;
    /**
     * Run the app as this non-root uid, with NO_SETUP=true (the entrypoint otherwise needs root). Default:
     * unset (1.x with dind: the image's user 42420; otherwise root, as the image's entrypoint).
     */
    readonly appRunAsUser?: number;
    /**
     * A NetworkPolicy that admits traffic to the app only on its UI port, and keeps the pod (and its
     * sandboxes) away from egressDeniedCidrs. Default: `true`.
     */
    readonly networkPolicy?: boolean;
    /**
     * CIDRs the app's pod (and, with dind, every sandbox in it) may not connect to; DNS and everything else
     * stay allowed. Default: unset (the metadata server 169.254.169.254/32, plus with dind the private ranges
     * 10/8, 172.16/12, 192.168/16, 100.64/10 and fc00::/7 (the API server, Services, other pods); with
     * hostSocket the metadata server only).
     */
    readonly egressDeniedCidrs?: string[];
    /**
     * PodSecurity enforce level of a namespace the component creates: privileged, baseline or restricted.
     * Default: unset (the strictest level the stack's own pods pass).
     */
    readonly podSecurityLevel?: PodSecurityLevel;
    /** PodSecurity warn and audit levels of a namespace the component creates. Default: `restricted`. */
    readonly podSecurityWarnLevel?: PodSecurityLevel;
    /**
     * Where the sandboxes of a 1.x release run: docker (containers in a privileged Docker daemon in the app's
     * pod, dockerEngine) or pods (one pod per sandbox, a kubernetes-sigs/agent-sandbox Sandbox made by the
     * stack's runtime API adapter: no privileged container, no hostPath, no Docker socket; Pod Security
     * restricted everywhere; docs/sandboxes.md). Default: `docker`.
     */
    readonly sandboxes?: SandboxMode;
    /**
     * With sandboxes pods, who provides agent-sandbox's CRDs and controller: install (the component, at
     * v1.0.3, in namespace agent-sandbox-system; one per cluster) or existing (GKE's managed add-on or an
     * installation the cluster already has; the component makes none of it). Default: `install`.
     */
    readonly agentSandbox?: AgentSandboxInstall;
    /**
     * With agentSandbox install, the files or https URLs of agent-sandbox's CRDs, applied server-side; a
     * mirror or local copies of the pinned release's. Default:
     * `["https://raw.githubusercontent.com/kubernetes-sigs/agent-sandbox/v1.0.3/k8s/crds/agents.x-k8s.io_sandboxes.yaml"]`.
     */
    readonly agentSandboxCrds?: string[];
    /**
     * With agentSandbox install, the image of agent-sandbox's controller, a pinned release. Default:
     * `registry.k8s.io/agent-sandbox/agent-sandbox-controller:v1.0.3`.
     */
    readonly agentSandboxImage?: pulumi.Input<string>;
    /**
     * With sandboxes pods, a stock Node.js image (20 or later) that runs the runtime API adapter, whose
     * compiled JavaScript the component ships in a ConfigMap: no image of the project's own to build or
     * trust. Default: `node:24.11.1-alpine3.22`.
     */
    readonly adapterImage?: pulumi.Input<string>;
    /**
     * With sandboxes pods, the namespace of the sandbox pods, their volumes and Secrets, a DNS-1123 label
     * other than the app's; created by the component, enforcing Pod Security restricted. Default: unset
     * (<namespace>-sandboxes).
     */
    readonly sandboxNamespace?: string;
    /**
     * With sandboxes pods, how many sandboxes may be starting or running at once, 1 to 500 (the adapter
     * refuses more, and a ResourceQuota caps the pods); the app's own limit is 10. Default: `10`.
     */
    readonly maxSandboxes?: number;
    /**
     * With sandboxes pods, how many workspace volumes (running and paused sandboxes) the sandbox namespace
     * may hold, at least maxSandboxes; the ResourceQuota also caps their storage at this times
     * sandboxStorageSize. Default: `30`.
     */
    readonly maxSandboxVolumes?: number;
    /**
     * With sandboxes pods, the size of each sandbox's workspace volume claim, a storage quantity. Default:
     * `10Gi`.
     */
    readonly sandboxStorageSize?: string;
    /**
     * With sandboxes pods, the StorageClass of the sandboxes' workspace claims. Default: unset (the cluster's
     * default StorageClass).
     */
    readonly sandboxStorageClass?: string;
    /**
     * With sandboxes pods, the RuntimeClass of the sandbox pods, e.g. gvisor (GKE Sandbox; a created cluster
     * needs gkeGvisorNodePool for it). Pod Security stays restricted under gVisor: the agent-server image's
     * passwordless sudo does not work in the sandboxes, as without it. Default: unset (gvisor when the
     * created cluster has gkeGvisorNodePool, else the node's default runtime).
     */
    readonly sandboxRuntimeClass?: string;
    /** Settings read on the `openshift` platform only. */
    readonly openshift?: OpenShiftOptions;
    /** Settings read on the `gke` platform only, among them the GKE cluster to create. */
    readonly gke?: GkeOptions;
}

/** Settings of the `openshift` platform: its hostPath volumes, Route and SCC. */
export interface OpenShiftOptions {
    /** Capacity of the hostPath PersistentVolumes, a storage quantity. Default: `2Gi`. */
    readonly workspaceSize?: string;
    /** Storage each claim requests, a quantity no larger than workspaceSize. Default: `1Gi`. */
    readonly workspaceClaimSize?: string;
    /**
     * Absolute node directory behind the workspace volume, on the node nodeName names; neither equal to
     * stateHostPath nor inside or around it. Not under /tmp, which RHEL CoreOS cleans of old files (the
     * guide's /tmp/workspace is accepted, with a warning). Default: `/var/lib/openhands-workspace`.
     */
    readonly workspaceHostPath?: string;
    /**
     * Absolute node directory of the state volume, on the node nodeName names. Default: `/var/lib/openhands`.
     */
    readonly stateHostPath?: string;
    /** An OpenShift Route with TLS edge termination in front of the Service. Default: `false`. */
    readonly route?: boolean;
    /**
     * Host name of that Route; every dot-separated label at most 63 characters. Default: unset (the router
     * generates <route name>-<namespace>.<router domain>, whose first label must fit 63 characters).
     */
    readonly routeHost?: pulumi.Input<string>;
    /**
     * OpenShift SCC granted to the app's ServiceAccount by a RoleBinding. With dockerEngine dind it must
     * admit a privileged container: privileged is the only default SCC that does (the others are refused; an
     * SCC of your own is warned about). Default: unset.
     */
    readonly openshiftScc?: string;
}

/** Settings of the `gke` platform: its credentials, workspace claim, load balancer and cluster. */
export interface GkeOptions {
    /**
     * Google service-account key JSON. Makes Secret google-cloud-key, mounted as a file named by
     * GOOGLE_APPLICATION_CREDENTIALS. Kept secret. Default: unset.
     */
    readonly googleCredentials?: pulumi.Input<string>;
    /**
     * Keep the workspace on a claim of the default StorageClass, protected and retained like the state
     * (protectData). false: an emptyDir, deleted with the pod at every upgrade, config change or node change
     * (a warning is printed). Default: `true`.
     */
    readonly persistentWorkspace?: boolean;
    /**
     * Size of the gke workspace, a storage quantity: the claim's, or with persistentWorkspace false the size
     * limit of its emptyDir (which the app container's ephemeral-storage limit then covers). Default: `10Gi`.
     */
    readonly persistentWorkspaceSize?: string;
    /** Put the sandbox's root-login SSH port 51963 on the LoadBalancer. Default: `false`. */
    readonly exposeSsh?: boolean;
    /**
     * CIDRs that may reach the LoadBalancer and, through the NetworkPolicy, the app. Empty, or a /0 range:
     * anyone (a warning is printed). Default: `[]`.
     */
    readonly loadBalancerSourceRanges?: string[];
    /**
     * Google service account the app acts as through Workload Identity, instead of a JSON key; the component
     * binds it. Default: unset.
     */
    readonly gcpServiceAccount?: pulumi.Input<string>;
    /**
     * Project of the GKE cluster whose Workload Identity pool the app joins (gcpServiceAccount). Default:
     * unset (the created cluster's project, else gcp:project).
     */
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
