import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GKE_CLUSTER } from "../defaults";
import { gkeKubeconfig } from "./kubeconfig";

/** Type token of the component. */
export const GKE_CLUSTER_TYPE = "openhands:index:GkeCluster";

/** Release channels GKE offers. */
export const ReleaseChannel = {
    Rapid: "RAPID",
    Regular: "REGULAR",
    Stable: "STABLE",
    Extended: "EXTENDED",
} as const;

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

/** A service-account id (6-30 characters) derived from the component's name. */
export function nodeAccountId(name: string): string {
    const base = name.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^[^a-z]+/, "");
    return `${base || "openhands"}-nodes`.slice(0, 30).replace(/-+$/, "").padEnd(6, "x");
}

/** Arguments of {@link GkeCluster}. */
export interface GkeClusterArgs {
    /** Google Cloud project that owns the cluster. */
    readonly project: string;
    /** Zone (e.g. `europe-west4-a`, one control plane and node) or region (three of each). */
    readonly location: string;
    /** Name of the GKE cluster. Default: the Pulumi-generated name. */
    readonly clusterName?: string;
    /** Nodes in the node pool (per zone, for a regional cluster). Default: 1, as the guide assumes. */
    readonly nodeCount?: number;
    /** Machine type of the nodes. Default: `e2-standard-4`. */
    readonly machineType?: string;
    /** Boot disk size of each node, in GB. Default: 100. */
    readonly diskSizeGb?: number;
    /** `RAPID`, `REGULAR`, `STABLE` or `EXTENDED`. Default: `REGULAR`. */
    readonly releaseChannel?: string;
    /** Minimum control-plane version (e.g. `1.33`). Default: unset (the channel's default). */
    readonly kubernetesVersion?: string;
    /** Refuse to delete the cluster (`pulumi destroy` then fails until it is turned off). Default: false. */
    readonly deletionProtection?: boolean;
}

/**
 * A GKE cluster without its default node pool, one node pool of its own, and a
 * Kubernetes provider that talks to the cluster once the nodes exist.
 */
export class GkeCluster extends pulumi.ComponentResource {
    /** Name of the GKE cluster. */
    public readonly clusterName: pulumi.Output<string>;
    /** The control plane's endpoint. */
    public readonly endpoint: pulumi.Output<string>;
    /** A kubeconfig for the cluster (secret; it authenticates with gke-gcloud-auth-plugin). */
    public readonly kubeconfig: pulumi.Output<string>;
    /** A Kubernetes provider for the cluster, ready once the node pool is. */
    public readonly provider: k8s.Provider;

    constructor(name: string, args: GkeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(GKE_CLUSTER_TYPE, name, {}, opts);
        const parent = { parent: this };

        // The nodes run as a service account of their own with only what nodes need,
        // not as the project's default Compute Engine account (an editor of the project).
        const nodeAccount = new gcp.serviceaccount.Account(`${name}-nodes`, {
            project: args.project,
            accountId: nodeAccountId(name),
            displayName: "OpenHands GKE nodes",
        }, parent);
        const nodeRoles = NODE_ROLES.map((role) => new gcp.projects.IAMMember(`${name}-nodes-${role.split("/")[1]}`, {
            project: args.project,
            role,
            member: pulumi.interpolate`serviceAccount:${nodeAccount.email}`,
        }, parent));

        const cluster = new gcp.container.Cluster(`${name}-cluster`, {
            name: args.clusterName,
            project: args.project,
            location: args.location,
            // A cluster must start with a node pool; it is removed once ours exists.
            removeDefaultNodePool: true,
            initialNodeCount: 1,
            releaseChannel: { channel: args.releaseChannel ?? GKE_CLUSTER.releaseChannel },
            minMasterVersion: args.kubernetesVersion,
            deletionProtection: args.deletionProtection ?? false,
            enableShieldedNodes: true,
            // Pods get Google identities through Kubernetes ServiceAccounts instead of key files.
            workloadIdentityConfig: { workloadPool: `${args.project}.svc.id.goog` },
            // NetworkPolicy enforcement, and the pods' real source addresses in it.
            datapathProvider: "ADVANCED_DATAPATH",
        }, parent);

        const nodePool = new gcp.container.NodePool(`${name}-nodes`, {
            project: args.project,
            location: args.location,
            cluster: cluster.name,
            nodeCount: args.nodeCount ?? GKE_CLUSTER.nodeCount,
            management: { autoRepair: true, autoUpgrade: true },
            nodeConfig: {
                machineType: args.machineType ?? GKE_CLUSTER.machineType,
                diskSizeGb: args.diskSizeGb ?? GKE_CLUSTER.diskSizeGb,
                serviceAccount: nodeAccount.email,
                oauthScopes: [...NODE_SCOPES],
                shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
                // Pods see the GKE metadata server, not the node's credentials.
                workloadMetadataConfig: { mode: "GKE_METADATA" },
            },
        }, { parent: this, dependsOn: nodeRoles });

        this.clusterName = cluster.name;
        this.endpoint = cluster.endpoint;
        this.kubeconfig = pulumi.secret(pulumi
            .all([cluster.project, cluster.location, cluster.name, cluster.endpoint, cluster.masterAuth])
            .apply(([project, location, clusterName, endpoint, auth]) => gkeKubeconfig({
                contextName: `gke_${project}_${location}_${clusterName}`,
                endpoint,
                clusterCaCertificate: auth.clusterCaCertificate ?? "",
            })));
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig }, {
            parent: this, dependsOn: [nodePool],
        });

        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            kubeconfig: this.kubeconfig,
        });
    }
}
