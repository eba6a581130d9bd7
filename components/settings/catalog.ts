/**
 * Every setting of the component, written once: its type, what it means, its
 * default (for every platform, or per platform) and the check of a single value.
 *
 * This table is the one owner of these facts. The resolver applies the defaults
 * and runs the checks; the stack reader reads each key by its type; `Pulumi.yaml`'s
 * `config:` block and docs/configuration.md's config table are generated from it
 * (`npm run gen:config`), and a test fails when they are out of date.
 * Checks that relate two settings live in `resolve.ts`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { FlatArgs, SettingKey } from "../args";
import type { GkeClusterArgs } from "../gke/args";
import {
    AgentSandboxInstall, BrowserAccess, DockerEngine, Platform, PodSecurityLevel, RbacScope, ReleaseChannel, SandboxMode, valuesOf,
    WorkloadKind,
} from "../enums";
import { agentSandboxCrdSourcesProblem, DEFAULT_AGENT_SANDBOX_CONTROLLER_IMAGE, DEFAULT_AGENT_SANDBOX_CRD_SOURCES } from "../sandboxes/agent-sandbox";
import { DEFAULT_ADAPTER_IMAGE } from "../sandboxes/adapter-image";
import {
    applicationNamespace, argKey, cidrList, dnsSubdomain, email, gkeClusterName, gkeKubernetesVersion, gkeLocation, gkeMachineType,
    gcpProjectId, hostDirectory, hostName, imageReference, integerInRange, jsonObject, llmBaseUrl, oneLine, oneOf, openhandsVersion,
    type Problem, storageQuantity, SUPPORTED_RANGE, taggedImage,
} from "./validate";
import { DEFAULT_STARTUP_GRACE_SECONDS, DEFAULT_VERSION, PODS_STARTUP_TIMEOUT_SECONDS } from "../releases";

/** How a setting is typed in `Pulumi.yaml`. */
export type SettingType = "string" | "integer" | "boolean" | "object" | "array";

/** A default that differs by platform. */
export interface PerPlatform<T> {
    /** The value on each platform. */
    readonly byPlatform: Readonly<Record<Platform, T>>;
}

/** One setting. */
export interface Setting<T> {
    /** Its type in `Pulumi.yaml`. */
    readonly type: SettingType;
    /** What it does, one or two sentences, without the default. */
    readonly description: string;
    /** The default; absent means "unset" (the feature is off or Kubernetes decides). */
    readonly default?: T | PerPlatform<T>;
    /** Says what "unset" means, or how a computed default is chosen, for the docs. */
    readonly unsetMeans?: string;
    /** Stored only as a Pulumi secret (`pulumi config set --secret`). */
    readonly secret?: boolean;
    /** The platform the setting applies to, when it applies to one only. */
    readonly platform?: Platform;
    /** Checks one value; `key` is how the value is named in the message. Pure. */
    readonly check?: (key: string, value: T) => Problem;
}

/** The plain (unwrapped) type of an arg. */
type ArgValue<A, K extends keyof A> = pulumi.Unwrap<NonNullable<A[K]>>;

/** A per-platform default. */
function perPlatform<T>(byPlatform: Record<Platform, T>): PerPlatform<T> {
    return { byPlatform };
}

/** Whether a default differs by platform. */
export function isPerPlatform<T>(value: T | PerPlatform<T> | undefined): value is PerPlatform<T> {
    return typeof value === "object" && value !== null && "byPlatform" in value;
}

/** The largest user id the component passes on (the signed 32-bit range most tools accept). */
const MAX_ID = 2147483647;

/** Node ports Kubernetes hands out by default. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** The keys of {@link OPENHANDS_SETTINGS}: every arg but the nested `cluster`. */
export type { SettingKey };

/** The settings of the component, by arg name (also the config key: `openhands:<name>`). */
export const OPENHANDS_SETTINGS = {
    platform: {
        type: "string",
        description: "Which profile to deploy: openshift (hostPath volumes, a Pod, a NodePort Service) or gke (RBAC, a Deployment, a LoadBalancer Service).",
        check: (key, value) => oneOf(key, value, valuesOf(Platform)),
    },
    guideNames: {
        type: "boolean",
        description: "Give the Kubernetes objects the guide's names (openhands-app-2024, workspace-pv, privileged-role, ...); false derives every name from the component's name, so two instances can share a cluster.",
        default: false,
    },
    namespace: {
        type: "string",
        description: "Namespace of every namespaced object, a DNS-1123 label.",
        default: perPlatform({ openshift: "openhands", gke: "default" }),
        check: applicationNamespace,
    },
    createNamespace: {
        type: "boolean",
        description: "Create the namespace. Built-in namespaces (default, kube-system, ...) and namespaces passed as another resource's output are never created.",
        default: true,
    },
    openhandsVersion: {
        type: "string",
        description: `Release of OpenHands to deploy (${SUPPORTED_RANGE}): selects the generation's contract (0.x: the app reaches its runtime sandboxes itself; 1.x: the browser reaches each sandbox through the pod's proxy) and, without appImage, the release table's images.`,
        unsetMeans: `the version in appImage's tag, else ${DEFAULT_VERSION}`,
        check: openhandsVersion,
    },
    appImage: {
        type: "string",
        description: "Image of the OpenHands app container. A tag without a version (main, latest) needs openhandsVersion.",
        unsetMeans: "the release table's app image of openhandsVersion",
        check: imageReference,
    },
    agentServerImage: {
        type: "string",
        description: "Sandbox image of a 1.x release, repository:tag (AGENT_SERVER_IMAGE_REPOSITORY and AGENT_SERVER_IMAGE_TAG).",
        unsetMeans: "the release table's agent-server of openhandsVersion, else the release's compiled-in default",
        check: taggedImage,
    },
    sandboxStartupGraceSeconds: {
        type: "integer",
        description: "Seconds a 1.x sandbox may take, from its container's start, to answer its /health before the app marks it failed, 1 to 3600: with sandboxes docker, SANDBOX_STARTUP_GRACE_SECONDS (read from 1.4.0); with sandboxes pods, OH_APP_CONVERSATION_SANDBOX_STARTUP_TIMEOUT (the app's sandbox_startup_timeout, from the pod's creation, image pull included). The release's own 15 s is too short for a CPU-limited pod: the agent-server answers only once its VS Code server is up (it waits up to 30 s for it) and its tools are loaded, on the CPU the Docker daemon's limit leaves.",
        unsetMeans: `${DEFAULT_STARTUP_GRACE_SECONDS} on releases that read it (1.4.0 and later); nothing on the others; with sandboxes pods, ${PODS_STARTUP_TIMEOUT_SECONDS}`,
        check: (key, value) => integerInRange(key, value, 1, 3600),
    },
    proxyImage: {
        type: "string",
        description: "Image of the reverse proxy in the app's pod (1.x): one port for the UI and every sandbox. It must run nginx: the container runs nginx on the PATH with the component's nginx.conf, as uid 101 on a read-only root filesystem, writing only to /tmp (docs/security.md). Other proxies and the stack's own images are refused; a name without nginx is warned about.",
        default: "nginxinc/nginx-unprivileged:1.28.0-alpine",
        check: imageReference,
    },
    browserAccess: {
        type: "string",
        description: "How the browser reaches the app, which fixes the sandbox URLs of a 1.x release: service (the LoadBalancer's port, the pinned nodePort, or the Route's HTTPS port) or portForward (kubectl port-forward to the same local port; the Service is then ClusterIP, with no load balancer and no node port).",
        default: BrowserAccess.Service,
        check: (key, value) => oneOf(key, value, valuesOf(BrowserAccess)),
    },
    sandboxImage: {
        type: "string",
        description: "Image of the guide's SSH sandbox container beside the app.",
        default: "ghcr.io/all-hands-ai/sandbox:main",
        check: imageReference,
    },
    sandboxUserId: {
        type: "integer",
        description: `SANDBOX_USER_ID given to the app, a whole number from 0 to ${MAX_ID}.`,
        default: 1000,
        check: (key, value) => integerInRange(key, value, 0, MAX_ID),
    },
    workspaceSize: {
        type: "string",
        description: "Capacity of the hostPath PersistentVolumes, a storage quantity.",
        default: "2Gi",
        platform: Platform.OpenShift,
        check: storageQuantity,
    },
    workspaceClaimSize: {
        type: "string",
        description: "Storage each claim requests, a quantity no larger than workspaceSize.",
        default: "1Gi",
        platform: Platform.OpenShift,
        check: storageQuantity,
    },
    workspaceHostPath: {
        type: "string",
        description: "Absolute node directory behind the workspace volume, on the node nodeName names; neither equal to stateHostPath nor inside or around it. Not under /tmp, which RHEL CoreOS cleans of old files (the guide's /tmp/workspace is accepted, with a warning).",
        default: "/var/lib/openhands-workspace",
        platform: Platform.OpenShift,
        check: hostDirectory,
    },
    nodeName: {
        type: "string",
        description: "Node to pin the app to, and that holds the hostPath volumes: their PersistentVolumes carry node affinity for it, so a replacement pod starts where the data is. Required on openshift, whose workspace and state are hostPath volumes.",
        unsetMeans: "openshift: refused, with how to choose one; gke: the scheduler picks",
        check: dnsSubdomain,
    },
    nodePort: {
        type: "integer",
        description: `Node port of the Service, ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}.`,
        unsetMeans: "the cluster picks",
        check: (key, value) => integerInRange(key, value, NODE_PORT_RANGE.min, NODE_PORT_RANGE.max),
    },
    replicas: {
        type: "integer",
        description: "Replicas of the Deployment, a whole number >= 0.",
        default: 1,
        check: (key, value) => integerInRange(key, value, 0),
    },
    workload: {
        type: "string",
        description: "Pod or Deployment.",
        default: perPlatform<WorkloadKind>({ openshift: WorkloadKind.Pod, gke: WorkloadKind.Deployment }),
        check: (key, value) => oneOf(key, value, valuesOf(WorkloadKind)),
    },
    serviceAccount: {
        type: "string",
        description: "Existing ServiceAccount the app runs as and the RBAC binds (the guide uses 'default').",
        unsetMeans: "a dedicated one is created",
        check: dnsSubdomain,
    },
    googleCredentials: {
        type: "string",
        description: "Google service-account key JSON. Makes Secret google-cloud-key, mounted as a file named by GOOGLE_APPLICATION_CREDENTIALS.",
        secret: true,
        platform: Platform.Gke,
        check: jsonObject,
    },
    dockerEngine: {
        type: "string",
        description: "Where the Docker daemon comes from: hostSocket (the node's socket, as the guide; 0.x only) or dind (a daemon sidecar in the pod; GKE nodes have no Docker).",
        unsetMeans: "dind; for a 0.x release on openshift, hostSocket (the guide)",
        check: (key, value) => oneOf(key, value, valuesOf(DockerEngine)),
    },
    dindImage: {
        type: "string",
        description: "Image of the Docker daemon sidecar (dockerEngine dind), a pinned release.",
        default: "docker:28.5.2-dind",
        check: imageReference,
    },
    dindStorageSize: {
        type: "string",
        description: "Size limit of the Docker daemon's data (images, sandbox containers), a storage quantity.",
        default: "20Gi",
        check: storageQuantity,
    },
    resources: {
        type: "object",
        description: "Requests and limits per container (app, sandbox, dind, proxy; with sandboxes pods, adapter and agentServer, the latter per sandbox pod at the app's resource factor 1), each with cpuRequest, memoryRequest, cpuLimit, memoryLimit; e.g. {\"app\": {\"memoryLimit\": \"8Gi\"}}. Omitted fields keep their defaults.",
        default: {
            app: { cpuRequest: "250m", memoryRequest: "1Gi", cpuLimit: "2", memoryLimit: "4Gi" },
            sandbox: { cpuRequest: "10m", memoryRequest: "32Mi", cpuLimit: "250m", memoryLimit: "256Mi" },
            dind: { cpuRequest: "250m", memoryRequest: "512Mi", cpuLimit: "2", memoryLimit: "8Gi" },
            proxy: { cpuRequest: "10m", memoryRequest: "32Mi", cpuLimit: "500m", memoryLimit: "128Mi" },
            adapter: { cpuRequest: "50m", memoryRequest: "64Mi", cpuLimit: "500m", memoryLimit: "256Mi" },
            agentServer: { cpuRequest: "500m", memoryRequest: "2Gi", cpuLimit: "2", memoryLimit: "4Gi" },
        },
    },
    runtimeImage: {
        type: "string",
        description: "Runtime image of a 0.x release (SANDBOX_RUNTIME_CONTAINER_IMAGE).",
        unsetMeans: "the release table's runtime of openhandsVersion, else the app builds one",
        check: imageReference,
    },
    sandboxSidecar: {
        type: "boolean",
        description: "Run the guide's obsolete SSH sandbox container (and expose its port where asked); no release uses it.",
        default: false,
    },
    llmModel: {
        type: "string",
        description: "LLM model seeded into the app's settings.json on first start, e.g. anthropic/claude-sonnet-4-20250514; a file changed in the UI is never overwritten. Surrounding whitespace is trimmed; a line break inside is refused.",
        unsetMeans: "the UI asks",
        check: oneLine,
    },
    llmBaseUrl: {
        type: "string",
        description: "LLM base URL seeded into settings.json (an OpenAI-compatible endpoint), stored normalised: trimmed, scheme and host in lower case, no default port, no trailing slash.",
        check: llmBaseUrl,
    },
    llmApiKey: {
        type: "string",
        description: "LLM API key seeded into settings.json; it travels only in a Kubernetes Secret, never in an environment. Surrounding whitespace is trimmed; a line break inside is refused.",
        unsetMeans: "the UI asks",
        secret: true,
        check: oneLine,
    },
    protectData: {
        type: "boolean",
        description: "Protect the state and workspace volumes, and a created namespace that holds them: Pulumi refuses any change that would replace or delete one (a new size, path or namespace), and pulumi destroy --exclude-protected leaves them and their data. false lets such changes empty them.",
        default: true,
    },
    persistentState: {
        type: "boolean",
        description: "Keep the app's file store (settings, conversations) on a volume that outlives the pod.",
        default: true,
    },
    stateSize: {
        type: "string",
        description: "Size of the state volume (a hostPath PV on openshift, the default StorageClass on gke).",
        default: perPlatform({ openshift: "1Gi", gke: "10Gi" }),
        check: storageQuantity,
    },
    stateHostPath: {
        type: "string",
        description: "Absolute node directory of the state volume, on the node nodeName names.",
        default: "/var/lib/openhands",
        platform: Platform.OpenShift,
        check: hostDirectory,
    },
    persistentWorkspace: {
        type: "boolean",
        description: "Keep the workspace on a claim of the default StorageClass, protected and retained like the state (protectData). false: an emptyDir, deleted with the pod at every upgrade, config change or node change (a warning is printed).",
        default: true,
        platform: Platform.Gke,
    },
    persistentWorkspaceSize: {
        type: "string",
        description: "Size of the gke workspace, a storage quantity: the claim's, or with persistentWorkspace false the size limit of its emptyDir (which the app container's ephemeral-storage limit then covers).",
        default: "10Gi",
        platform: Platform.Gke,
        check: storageQuantity,
    },
    troubleshooting: {
        type: "boolean",
        description: "Deploy the guide's step-5 troubleshooting Deployment next to the node's Docker socket (dockerEngine hostSocket only).",
        default: false,
    },
    rbacScope: {
        type: "string",
        description: "The app's Kubernetes API rights, the guide's ClusterRole (pods, deployments, exec, logs) bound cluster-wide (cluster), in the app's namespace only (namespace), or not at all (none). OpenHands with a Docker engine makes no API calls: the rights keep the guide's shape for tools that use them.",
        default: perPlatform<RbacScope>({ openshift: RbacScope.None, gke: RbacScope.Namespace }),
        check: (key, value) => oneOf(key, value, valuesOf(RbacScope)),
    },
    appRunAsUser: {
        type: "integer",
        description: "Run the app as this non-root uid, with NO_SETUP=true (the entrypoint otherwise needs root).",
        unsetMeans: "1.x with dind: the image's user 42420; otherwise root, as the image's entrypoint",
        check: (key, value) => integerInRange(key, value, 1, MAX_ID),
    },
    exposeSsh: {
        type: "boolean",
        description: "Put the sandbox's root-login SSH port 51963 on the LoadBalancer.",
        default: false,
        platform: Platform.Gke,
    },
    loadBalancerSourceRanges: {
        type: "array",
        description: "CIDRs that may reach the LoadBalancer and, through the NetworkPolicy, the app. Empty, or a /0 range: anyone (a warning is printed).",
        default: [] as string[],
        platform: Platform.Gke,
        check: cidrList,
    },
    networkPolicy: {
        type: "boolean",
        description: "A NetworkPolicy that admits traffic to the app only on its UI port, and keeps the pod (and its sandboxes) away from egressDeniedCidrs.",
        default: true,
    },
    egressDeniedCidrs: {
        type: "array",
        description: "CIDRs the app's pod (and, with dind, every sandbox in it) may not connect to; DNS and everything else stay allowed.",
        unsetMeans: "the metadata server 169.254.169.254/32, plus with dind the private ranges 10/8, 172.16/12, 192.168/16, 100.64/10 and fc00::/7 (the API server, Services, other pods); with hostSocket the metadata server only",
        check: cidrList,
    },
    sandboxes: {
        type: "string",
        description: "Where the sandboxes of a 1.x release run: docker (containers in a privileged Docker daemon in the app's pod, dockerEngine) or pods (one pod per sandbox, a kubernetes-sigs/agent-sandbox Sandbox made by the stack's runtime API adapter: no privileged container, no hostPath, no Docker socket; Pod Security restricted everywhere; docs/sandboxes.md).",
        default: SandboxMode.Docker,
        check: (key, value) => oneOf(key, value, valuesOf(SandboxMode)),
    },
    agentSandbox: {
        type: "string",
        description: "With sandboxes pods, who provides agent-sandbox's CRDs and controller: install (the component, at v1.0.3, in namespace agent-sandbox-system; one per cluster) or existing (GKE's managed add-on or an installation the cluster already has; the component makes none of it).",
        default: AgentSandboxInstall.Install,
        check: (key, value) => oneOf(key, value, valuesOf(AgentSandboxInstall)),
    },
    agentSandboxCrds: {
        type: "array",
        description: "With agentSandbox install, the files or https URLs of agent-sandbox's CRDs, applied server-side; a mirror or local copies of the pinned release's.",
        default: [...DEFAULT_AGENT_SANDBOX_CRD_SOURCES],
        check: (key, value) => agentSandboxCrdSourcesProblem(value, key),
    },
    agentSandboxImage: {
        type: "string",
        description: "With agentSandbox install, the image of agent-sandbox's controller, a pinned release.",
        default: DEFAULT_AGENT_SANDBOX_CONTROLLER_IMAGE,
        check: imageReference,
    },
    adapterImage: {
        type: "string",
        description: "With sandboxes pods, a stock Node.js image (20 or later) that runs the runtime API adapter, whose compiled JavaScript the component ships in a ConfigMap: no image of the project's own to build or trust.",
        default: DEFAULT_ADAPTER_IMAGE,
        check: imageReference,
    },
    sandboxNamespace: {
        type: "string",
        description: "With sandboxes pods, the namespace of the sandbox pods, their volumes and Secrets, a DNS-1123 label other than the app's; created by the component, enforcing Pod Security restricted.",
        unsetMeans: "<namespace>-sandboxes",
        check: applicationNamespace,
    },
    maxSandboxes: {
        type: "integer",
        description: "With sandboxes pods, how many sandboxes may be starting or running at once, 1 to 500 (the adapter refuses more, and a ResourceQuota caps the pods); the app's own limit is 10.",
        default: 10,
        check: (key, value) => integerInRange(key, value, 1, 500),
    },
    maxSandboxVolumes: {
        type: "integer",
        description: "With sandboxes pods, how many workspace volumes (running and paused sandboxes) the sandbox namespace may hold, at least maxSandboxes; the ResourceQuota also caps their storage at this times sandboxStorageSize.",
        default: 30,
        check: (key, value) => integerInRange(key, value, 1, 5000),
    },
    sandboxStorageSize: {
        type: "string",
        description: "With sandboxes pods, the size of each sandbox's workspace volume claim, a storage quantity.",
        default: "10Gi",
        check: storageQuantity,
    },
    sandboxStorageClass: {
        type: "string",
        description: "With sandboxes pods, the StorageClass of the sandboxes' workspace claims.",
        unsetMeans: "the cluster's default StorageClass",
        check: dnsSubdomain,
    },
    sandboxRuntimeClass: {
        type: "string",
        description: "With sandboxes pods, the RuntimeClass of the sandbox pods, e.g. gvisor (GKE Sandbox; a created cluster needs gkeGvisorNodePool for it). Pod Security stays restricted under gVisor: the agent-server image's passwordless sudo does not work in the sandboxes, as without it.",
        unsetMeans: "gvisor when the created cluster has gkeGvisorNodePool, else the node's default runtime",
        check: dnsSubdomain,
    },
    route: {
        type: "boolean",
        description: "An OpenShift Route with TLS edge termination in front of the Service.",
        default: false,
        platform: Platform.OpenShift,
    },
    routeHost: {
        type: "string",
        description: "Host name of that Route; every dot-separated label at most 63 characters.",
        unsetMeans: "the router generates <route name>-<namespace>.<router domain>, whose first label must fit 63 characters",
        platform: Platform.OpenShift,
        check: hostName,
    },
    openshiftScc: {
        type: "string",
        description: "OpenShift SCC granted to the app's ServiceAccount by a RoleBinding. With dockerEngine dind it must admit a privileged container: privileged is the only default SCC that does (the others are refused; an SCC of your own is warned about).",
        platform: Platform.OpenShift,
        check: dnsSubdomain,
    },
    podSecurityLevel: {
        type: "string",
        description: "PodSecurity enforce level of a namespace the component creates: privileged, baseline or restricted.",
        unsetMeans: "the strictest level the stack's own pods pass",
        check: (key, value) => oneOf(key, value, valuesOf(PodSecurityLevel)),
    },
    podSecurityWarnLevel: {
        type: "string",
        description: "PodSecurity warn and audit levels of a namespace the component creates.",
        default: PodSecurityLevel.Restricted,
        check: (key, value) => oneOf(key, value, valuesOf(PodSecurityLevel)),
    },
    gcpServiceAccount: {
        type: "string",
        description: "Google service account the app acts as through Workload Identity, instead of a JSON key; the component binds it.",
        platform: Platform.Gke,
        check: email,
    },
    gcpProject: {
        type: "string",
        description: "Project of the GKE cluster whose Workload Identity pool the app joins (gcpServiceAccount).",
        unsetMeans: "the created cluster's project, else gcp:project",
        platform: Platform.Gke,
        check: gcpProjectId,
    },
} satisfies { readonly [K in SettingKey]-?: Setting<ArgValue<FlatArgs, K>> };

/**
 * The guide's own values where today's defaults differ: set together, they deploy what
 * the guide deployed (its unversioned `main` images, run under the 0.x contract, and the
 * obsolete SSH sandbox). The tests assert every value of the guide under them.
 */
export const GUIDE_VALUES = {
    openhandsVersion: "0.59",
    workspaceHostPath: "/tmp/workspace",
    appImage: "ghcr.io/all-hands-ai/openhands:main",
    sandboxSidecar: true,
} as const satisfies { readonly [K in SettingKey]?: ArgValue<FlatArgs, K> };

/** The settings that always have a value once defaults are applied (those with a `default`). */
export type DefaultedKey = {
    [K in SettingKey]: (typeof OPENHANDS_SETTINGS)[K] extends { readonly default: unknown } ? K : never;
}[SettingKey];

/** The GKE cluster's settings, by arg name; in stack config each is `openhands:gke<Name>`. */
export const GKE_CLUSTER_SETTINGS: { readonly [K in keyof GkeClusterArgs]-?: Setting<ArgValue<GkeClusterArgs, K>> } = {
    project: {
        type: "string",
        description: "Google Cloud project that owns the cluster.",
        check: gcpProjectId,
    },
    location: {
        type: "string",
        description: "Zone (one control plane and node) or region (three of each) of the cluster.",
        unsetMeans: "gcp:zone, else gcp:region",
        check: gkeLocation,
    },
    clusterName: {
        type: "string",
        description: "Name of the GKE cluster.",
        unsetMeans: "generated by Pulumi",
        check: gkeClusterName,
    },
    nodeCount: {
        type: "integer",
        description: "Nodes in the node pool (per zone), 1 to 1000. One, as the guide assumes.",
        default: 1,
        check: (key, value) => integerInRange(key, value, 1, 1000),
    },
    machineType: {
        type: "string",
        description: "Compute Engine machine type of the nodes.",
        default: "e2-standard-4",
        check: gkeMachineType,
    },
    diskSizeGb: {
        type: "integer",
        description: "Boot disk size of each node in GB, 10 to 65536.",
        default: 100,
        check: (key, value) => integerInRange(key, value, 10, 65536),
    },
    releaseChannel: {
        type: "string",
        description: "GKE release channel: RAPID, REGULAR, STABLE or EXTENDED.",
        default: ReleaseChannel.Regular,
        check: (key, value) => oneOf(key, value, valuesOf(ReleaseChannel)),
    },
    kubernetesVersion: {
        type: "string",
        description: "Minimum control-plane version, e.g. 1.33.",
        unsetMeans: "the channel's default",
        check: gkeKubernetesVersion,
    },
    deletionProtection: {
        type: "boolean",
        description: "Refuse to delete the cluster (pulumi destroy fails until it is turned off).",
        default: false,
    },
    gvisorNodePool: {
        type: "boolean",
        description: "Add a node pool with GKE Sandbox (gVisor, Container-Optimized OS with containerd) for pods with runtimeClassName gvisor; GKE labels and taints its nodes sandbox.gke.io/runtime=gvisor itself, so only such pods run there. With sandboxes pods and no sandboxRuntimeClass, the sandboxes run there.",
        default: false,
    },
    gvisorMachineType: {
        type: "string",
        description: "Compute Engine machine type of the gVisor pool's nodes.",
        default: "e2-standard-4",
        check: gkeMachineType,
    },
    gvisorNodeCount: {
        type: "integer",
        description: "Nodes in the gVisor pool (per zone), 1 to 1000.",
        default: 1,
        check: (key, value) => integerInRange(key, value, 1, 1000),
    },
};

/**
 * Names a setting (or a field under it, `resources.app`, `cluster.nodeCount`) by its arg path
 * in messages: a setting of one platform is in that platform's option group, e.g.
 * `OpenHandsArgs.openshift.workspaceHostPath`; the cluster is `OpenHandsArgs.gke.cluster`.
 */
export function argPath(field: string): string {
    const head = field.split(".")[0];
    if (head === "cluster") return argKey(`${Platform.Gke}.${field}`);
    const setting = (OPENHANDS_SETTINGS as Record<string, Setting<unknown>>)[head];
    return argKey(setting?.platform !== undefined ? `${setting.platform}.${field}` : field);
}

/** The default of a setting on a platform (undefined: unset). */
export function defaultFor<T>(setting: Setting<T>, platform: Platform): T | undefined {
    const value = setting.default;
    return isPerPlatform(value) ? value.byPlatform[platform] : value;
}

