import { createHash } from "crypto";
// The three GCP namespaces this file uses, not the package's index: the index loads every one
// of its ~150 namespaces (about 0.1 s on each program start that makes a cluster).
import * as container from "@pulumi/gcp/container";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { resolveClusterArgs } from "../settings/resolve";
import { gkeMachineType, integerInRange, type Problem, show, throwIfProblems } from "../settings/validate";
import type { GkeClusterComponentArgs } from "./args";
import { gkeKubeconfig } from "./kubeconfig";

/** Type token of the component. */
export const GKE_CLUSTER_TYPE = "openhands:index:GkeCluster";

/** The roles a GKE node needs: write logs and metrics, read images. */
export const NODE_ROLES: readonly string[] = [
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
];

/** OAuth scopes of the nodes: those GKE's own minimal node setup uses, nothing project-wide. */
export const NODE_SCOPES: readonly string[] = [
    "https://www.googleapis.com/auth/devstorage.read_only",
    "https://www.googleapis.com/auth/logging.write",
    "https://www.googleapis.com/auth/monitoring",
    "https://www.googleapis.com/auth/service.management.readonly",
    "https://www.googleapis.com/auth/servicecontrol",
    "https://www.googleapis.com/auth/trace.append",
];

/** Defaults of the optional gVisor node pool ({@link GkeClusterComponentArgs}). */
export const GVISOR_POOL_DEFAULTS = { machineType: "e2-standard-4", nodeCount: 1 } as const;

/**
 * The RuntimeClass GKE makes for GKE Sandbox; sandbox pods name it in `runtimeClassName`.
 * RuntimeClass admission merges a RuntimeClass's `scheduling` (node selector, tolerations) into
 * each pod that names it; GKE's `gvisor` class is reported to carry the selector and the
 * toleration of the label and taint below. A `Sandbox` object itself gets neither, and GKE's
 * agent-sandbox add-on's admission policy asks for both on it explicitly.
 */
export const GVISOR_RUNTIME_CLASS = "gvisor";

/**
 * The label (and, with effect NoSchedule, the taint) GKE itself puts on the nodes of a gVisor
 * pool. GKE refuses a node pool that sets either (they are reserved for GKE Sandbox), so the pool
 * below sets neither.
 */
export const GKE_SANDBOX_NODE_LABEL = { "sandbox.gke.io/runtime": "gvisor" } as const;

/**
 * The image type GKE Sandbox needs (the provider's documentation of `sandboxConfig`: "you must
 * specify imageType = COS_CONTAINERD"), and the pool's sandbox type.
 */
export const GVISOR_POOL_NODE_CONFIG = { imageType: "COS_CONTAINERD", sandboxConfig: { type: "GVISOR" } } as const;

/** The gVisor pool's settings once defaults are applied, and why they are wrong (if they are). */
export function resolveGvisorPool(
    args: GkeClusterComponentArgs, key: (field: string) => string = (field) => `GkeClusterComponentArgs.${field}`,
): { readonly enabled: boolean; readonly machineType: string; readonly nodeCount: number; readonly problems: Problem[]; readonly unused: string[] } {
    const enabled = args.gvisorNodePool ?? false;
    const machineType = args.gvisorMachineType ?? GVISOR_POOL_DEFAULTS.machineType;
    const nodeCount = args.gvisorNodeCount ?? GVISOR_POOL_DEFAULTS.nodeCount;
    const problems: Problem[] = [];
    if (typeof enabled !== "boolean") problems.push(`${key("gvisorNodePool")}: ${show(enabled)} is not a boolean; accepted: true or false`);
    problems.push(gkeMachineType(key("gvisorMachineType"), machineType), integerInRange(key("gvisorNodeCount"), nodeCount, 1, 1000));
    const unused = enabled ? [] : (["gvisorMachineType", "gvisorNodeCount"] as const).filter((field) => args[field] !== undefined).map(key);
    return { enabled, machineType, nodeCount, problems, unused };
}

/**
 * A service-account id (6-30 characters) for the nodes, unique per component and stack:
 * two stacks in one Google Cloud project each get their own. Readable when it fits,
 * else shortened with a hash of the whole, so shortening never makes two ids equal.
 */
export function nodeAccountId(name: string, stack: string): string {
    const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^[^a-z]+/, "").replace(/-+$/, "");
    const whole = `${slug(`${name}-${stack}`) || "openhands"}-nodes`;
    if (whole.length <= 30) return whole.padEnd(6, "x");
    const hash = createHash("sha256").update(`${name}\u0000${stack}`).digest("hex").slice(0, 6);
    return `${slug(whole.slice(0, 17))}-${hash}-nodes`;
}

/**
 * Each cluster's Kubernetes provider, kept out of the class's fields on purpose: Pulumi's
 * schema inference makes every field an output for other languages, and for a provider it
 * writes a reference that the engine cannot bind, which would break the whole package
 * there. Programs in other languages build a provider from the `kubeconfig` output.
 */
const PROVIDERS = new WeakMap<GkeCluster, k8s.Provider>();
/** Each cluster's gVisor node pool, when it has one: out of the class's fields for the same reason. */
const GVISOR_POOLS = new WeakMap<GkeCluster, container.NodePool>();

/**
 * A GKE cluster without its default node pool, one node pool of its own (and, with
 * `gvisorNodePool`, a second one for sandbox pods under gVisor), and a Kubernetes provider
 * that talks to the cluster once the nodes exist.
 */
export class GkeCluster extends pulumi.ComponentResource {
    /** Name of the GKE cluster. */
    public readonly clusterName: pulumi.Output<string>;
    /** The control plane's endpoint. */
    public readonly endpoint: pulumi.Output<string>;
    /** A kubeconfig for the cluster (secret; it authenticates with gke-gcloud-auth-plugin). */
    public readonly kubeconfig: pulumi.Output<string>;
    /** Name of the gVisor node pool, when `gvisorNodePool` made one. */
    public readonly gvisorNodePoolName?: pulumi.Output<string>;

    constructor(name: string, args: GkeClusterComponentArgs, opts?: pulumi.ComponentResourceOptions) {
        // Checked before anything is registered: a bad value must not leave half a cluster.
        const { resolved: wanted, problems } = resolveClusterArgs(args, (field) => `GkeClusterArgs.${field}`);
        const gvisor = resolveGvisorPool(args);
        throwIfProblems([...problems, ...gvisor.problems]);
        super(GKE_CLUSTER_TYPE, name, {}, opts);
        const parent = { parent: this };
        for (const key of gvisor.unused) void pulumi.log.warn(`${key} is set, but gvisorNodePool is not true: ignored`, this);

        // The nodes run as a service account of their own with only what nodes need,
        // not as the project's default Compute Engine account (an editor of the project).
        const nodeAccount = new serviceaccount.Account(`${name}-nodes`, {
            project: wanted.project,
            accountId: nodeAccountId(name, pulumi.getStack()),
            displayName: "OpenHands GKE nodes",
        }, parent);
        const nodeRoles = NODE_ROLES.map((role) => new projects.IAMMember(`${name}-nodes-${role.split("/")[1]}`, {
            project: wanted.project,
            role,
            member: pulumi.interpolate`serviceAccount:${nodeAccount.email}`,
        }, parent));

        const cluster = new container.Cluster(`${name}-cluster`, {
            name: wanted.clusterName,
            project: wanted.project,
            location: wanted.location,
            // A cluster must start with a node pool; it is removed once ours exists.
            removeDefaultNodePool: true,
            initialNodeCount: 1,
            releaseChannel: { channel: wanted.releaseChannel },
            minMasterVersion: wanted.kubernetesVersion,
            deletionProtection: wanted.deletionProtection,
            enableShieldedNodes: true,
            // Pods get Google identities through Kubernetes ServiceAccounts instead of key files.
            workloadIdentityConfig: { workloadPool: `${wanted.project}.svc.id.goog` },
            // NetworkPolicy enforcement, and the pods' real source addresses in it.
            datapathProvider: "ADVANCED_DATAPATH",
        }, parent);

        const nodePool = new container.NodePool(`${name}-nodes`, {
            project: wanted.project,
            location: wanted.location,
            cluster: cluster.name,
            nodeCount: wanted.nodeCount,
            management: { autoRepair: true, autoUpgrade: true },
            nodeConfig: {
                machineType: wanted.machineType,
                diskSizeGb: wanted.diskSizeGb,
                serviceAccount: nodeAccount.email,
                oauthScopes: [...NODE_SCOPES],
                shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
                // Pods see the GKE metadata server, not the node's credentials.
                workloadMetadataConfig: { mode: "GKE_METADATA" },
            },
        }, { parent: this, dependsOn: nodeRoles });

        // The sandbox pods' pool. GKE Sandbox is refused on a cluster's only pool (its own system
        // pods must run apart from sandboxed ones): the pool above stays the system pool. GKE
        // labels and taints these nodes itself; pods reach them through the `gvisor` RuntimeClass.
        const gvisorPool = gvisor.enabled ? new container.NodePool(`${name}-gvisor-nodes`, {
            project: wanted.project,
            location: wanted.location,
            cluster: cluster.name,
            nodeCount: gvisor.nodeCount,
            management: { autoRepair: true, autoUpgrade: true },
            nodeConfig: {
                machineType: gvisor.machineType,
                diskSizeGb: wanted.diskSizeGb,
                imageType: GVISOR_POOL_NODE_CONFIG.imageType,
                sandboxConfig: { ...GVISOR_POOL_NODE_CONFIG.sandboxConfig },
                serviceAccount: nodeAccount.email,
                oauthScopes: [...NODE_SCOPES],
                shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
                workloadMetadataConfig: { mode: "GKE_METADATA" },
            },
        }, { parent: this, dependsOn: nodeRoles }) : undefined;
        if (gvisorPool) {
            GVISOR_POOLS.set(this, gvisorPool);
            this.gvisorNodePoolName = gvisorPool.name;
        }

        this.clusterName = cluster.name;
        this.endpoint = cluster.endpoint;
        this.kubeconfig = pulumi.secret(pulumi
            .all([cluster.project, cluster.location, cluster.name, cluster.endpoint, cluster.masterAuth])
            .apply(([project, location, clusterName, endpoint, auth]) => gkeKubeconfig({
                contextName: `gke_${project}_${location}_${clusterName}`,
                endpoint,
                clusterCaCertificate: auth.clusterCaCertificate ?? "",
            })));
        PROVIDERS.set(this, new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, {
            parent: this, dependsOn: gvisorPool ? [nodePool, gvisorPool] : [nodePool],
        }));

        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            kubeconfig: this.kubeconfig,
            gvisorNodePoolName: this.gvisorNodePoolName,
        });
    }

    /** A Kubernetes provider for the cluster, ready once the node pool is (TypeScript programs only). */
    public get provider(): k8s.Provider {
        const provider = PROVIDERS.get(this);
        if (!provider) throw new Error("GkeCluster.provider read before the constructor made it");
        return provider;
    }

    /** The gVisor node pool, when `gvisorNodePool` made one (TypeScript programs only). */
    public get gvisorNodePool(): container.NodePool | undefined {
        return GVISOR_POOLS.get(this);
    }
}
