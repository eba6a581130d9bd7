import * as pulumi from "@pulumi/pulumi";
import { OpenHandsArgs, WorkloadKind } from "../args";
import { APP_IMAGE, APP_NAME, OPENSHIFT, SANDBOX_IMAGE, SANDBOX_USER_ID, GKE } from "../defaults";
import { PlatformProfile, PROFILES } from "../profiles";
import {
    absolutePath, claimFitsVolume, dnsLabel, dnsSubdomain, imageReference, integerInRange,
    oneOf, Problem, storageQuantity, throwIfProblems,
} from "./validate";

/** The arguments with every default applied and every value checked: what the builders read. */
export interface OpenHandsSettings {
    /** The profile of the chosen platform. */
    readonly profile: PlatformProfile;
    /** Name and `app` label of the workload. */
    readonly appName: string;
    readonly namespace: string;
    readonly createNamespace: boolean;
    readonly appImage: string;
    readonly sandboxImage: string;
    readonly sandboxUserId: number;
    readonly workspaceSize: string;
    readonly workspaceClaimSize: string;
    readonly workspaceHostPath: string;
    readonly nodeName?: string;
    readonly nodePort?: number;
    readonly replicas: number;
    readonly workload: string;
    /** The ServiceAccount the workload runs as, when the profile binds the ClusterRole. */
    readonly serviceAccount?: { readonly name: string; readonly create: boolean };
    /** The Google key, when given and the profile mounts it. */
    readonly googleCredentials?: pulumi.Input<string>;
}

/** Names a field in messages: `openhands:nodePort` for stack config, `args.nodePort` for the component. */
export type KeyNamer = (field: keyof OpenHandsArgs & string) => string;

/** Names fields as the component's own arguments. */
export const argsKey: KeyNamer = (field) => `OpenHandsArgs.${field}`;

/** Node ports Kubernetes hands out by default. */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/**
 * Checks `args` and fills in the platform profile's defaults. Throws one
 * {@link InvalidSettingsError} that lists every bad value, each named by `key`.
 * Pure: reads no config and creates no resources.
 */
export function resolveSettings(args: OpenHandsArgs, key: KeyNamer = argsKey): OpenHandsSettings {
    const platformProblem = oneOf(key("platform"), String(args.platform), Object.keys(PROFILES));
    throwIfProblems([platformProblem]);
    const profile = PROFILES[args.platform];

    const namespace = args.namespace ?? profile.namespace;
    const workload = args.workload ?? profile.workload;
    const workspaceSize = args.workspaceSize ?? OPENSHIFT.volumeCapacity;
    const workspaceClaimSize = args.workspaceClaimSize ?? OPENSHIFT.claimRequest;
    const settings: OpenHandsSettings = {
        profile,
        appName: APP_NAME,
        namespace,
        createNamespace: args.createNamespace ?? namespace !== "default",
        appImage: args.appImage ?? APP_IMAGE,
        sandboxImage: args.sandboxImage ?? SANDBOX_IMAGE,
        sandboxUserId: args.sandboxUserId ?? SANDBOX_USER_ID,
        workspaceSize,
        workspaceClaimSize,
        workspaceHostPath: args.workspaceHostPath ?? OPENSHIFT.workspaceHostPath,
        nodeName: args.nodeName,
        nodePort: args.nodePort,
        replicas: args.replicas ?? GKE.replicas,
        workload,
        serviceAccount: profile.clusterRole
            ? { name: args.serviceAccount ?? APP_NAME, create: args.serviceAccount === undefined }
            : undefined,
        googleCredentials: profile.googleCredentials ? args.googleCredentials : undefined,
    };

    const problems: Problem[] = [
        dnsLabel(key("namespace"), namespace),
        oneOf(key("workload"), workload, Object.values(WorkloadKind)),
        imageReference(key("appImage"), settings.appImage),
        imageReference(key("sandboxImage"), settings.sandboxImage),
        integerInRange(key("sandboxUserId"), settings.sandboxUserId, 0),
        storageQuantity(key("workspaceSize"), workspaceSize),
        storageQuantity(key("workspaceClaimSize"), workspaceClaimSize),
        claimFitsVolume(key("workspaceClaimSize"), workspaceClaimSize, key("workspaceSize"), workspaceSize),
        absolutePath(key("workspaceHostPath"), settings.workspaceHostPath),
        integerInRange(key("replicas"), settings.replicas, 0),
    ];
    if (args.nodeName !== undefined) problems.push(dnsSubdomain(key("nodeName"), args.nodeName));
    if (args.nodePort !== undefined) {
        problems.push(integerInRange(key("nodePort"), args.nodePort, NODE_PORT_RANGE.min, NODE_PORT_RANGE.max));
    }
    if (args.serviceAccount !== undefined) problems.push(dnsSubdomain(key("serviceAccount"), args.serviceAccount));
    if (workload === WorkloadKind.Pod && args.replicas !== undefined && args.replicas !== 1) {
        problems.push(`${key("replicas")}: ${args.replicas} replicas need a Deployment, but ${key("workload")} ` +
            `is 'Pod'; accepted: set ${key("workload")} to 'Deployment', or leave ${key("replicas")} unset`);
    }
    throwIfProblems(problems);
    return settings;
}
