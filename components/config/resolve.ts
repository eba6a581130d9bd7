import * as pulumi from "@pulumi/pulumi";
import { ContainerResources, DockerEngine, OpenHandsArgs, Platform, PodResources, RbacScope, WorkloadKind } from "../args";
import { LEVEL_ORDER } from "../security/pod-security";
import { podSecurityLevelProblem } from "../security/namespace-security";
import {
    APP_IMAGE, APP_NAME, DIND, GKE, OPENSHIFT, RESOURCES, SANDBOX_IMAGE, SANDBOX_USER_ID, STATE, WORKSPACE_CLAIM,
} from "../defaults";
import { PlatformProfile, PROFILES } from "../profiles";
import {
    absolutePath, claimFitsVolume, dnsLabel, dnsSubdomain, imageReference, integerInRange,
    cidr, email, oneOf, Problem, quantity, storageQuantity, throwIfProblems, url,
} from "./validate";

/** Requests and limits of one container, all set. */
export type ResolvedResources = Required<ContainerResources>;

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
    /** The ServiceAccount the workload runs as; `create` when the component makes it. */
    readonly serviceAccount: { readonly name: string; readonly create: boolean };
    /** `cluster`, `namespace` or `none`. */
    readonly rbacScope: string;
    /** The Google key, when given and the profile mounts it. */
    readonly googleCredentials?: pulumi.Input<string>;
    /** `hostSocket` or `dind`. */
    readonly dockerEngine: string;
    readonly dindImage: string;
    readonly dindStorageSize: string;
    /** Requests and limits of each container. */
    readonly resources: { readonly app: ResolvedResources; readonly sandbox: ResolvedResources; readonly dind: ResolvedResources };
    readonly runtimeImage?: string;
    readonly sandboxSidecar: boolean;
    readonly llmModel?: string;
    readonly llmBaseUrl?: string;
    readonly llmApiKey?: pulumi.Input<string>;
    /** The state volume, when the file store is kept. */
    readonly state?: { readonly size: string; readonly hostPath: string };
    /** The workspace claim size, when the gke workspace is persistent. */
    readonly workspaceClaim?: { readonly size: string };
    readonly troubleshooting: boolean;
    readonly appRunAsUser?: number;
    readonly exposeSsh: boolean;
    readonly loadBalancerSourceRanges: readonly string[];
    readonly networkPolicy: boolean;
    /** The OpenShift Route, when asked for. */
    readonly route?: { readonly host?: string };
    readonly openshiftScc?: string;
    /** PodSecurity levels of a created namespace; `enforce` undefined means "the strictest the pods pass". */
    readonly podSecurity: { readonly enforce?: string; readonly warn: string };
    readonly gcpServiceAccount?: string;
}

/** Names a field in messages: `openhands:nodePort` for stack config, `OpenHandsArgs.nodePort` for the component. */
export type KeyNamer = (field: keyof OpenHandsArgs & string) => string;

/** Names fields as the component's own arguments. */
export const argsKey: KeyNamer = (field) => `OpenHandsArgs.${field}`;

/** Namespaces every cluster has: never created, so never deleted by `pulumi destroy`. */
export const BUILTIN_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease"];

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
        createNamespace: (args.createNamespace ?? true) && !BUILTIN_NAMESPACES.includes(namespace),
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
        serviceAccount: { name: args.serviceAccount ?? APP_NAME, create: args.serviceAccount === undefined },
        rbacScope: args.rbacScope ?? profile.rbacScope,
        googleCredentials: profile.googleCredentials ? args.googleCredentials : undefined,
        dockerEngine: args.dockerEngine ?? profile.dockerEngine,
        dindImage: args.dindImage ?? DIND.image,
        dindStorageSize: args.dindStorageSize ?? DIND.dataSize,
        resources: {
            app: { ...RESOURCES.app, ...args.resources?.app },
            sandbox: { ...RESOURCES.sandbox, ...args.resources?.sandbox },
            dind: { ...RESOURCES.dind, ...args.resources?.dind },
        },
        runtimeImage: args.runtimeImage,
        sandboxSidecar: args.sandboxSidecar ?? true,
        llmModel: args.llmModel,
        llmBaseUrl: args.llmBaseUrl,
        llmApiKey: args.llmApiKey,
        state: (args.persistentState ?? true)
            ? { size: args.stateSize ?? profile.stateSize, hostPath: args.stateHostPath ?? STATE.hostPath }
            : undefined,
        workspaceClaim: profile.workspaceVolume === "emptyDir" && args.persistentWorkspace
            ? { size: WORKSPACE_CLAIM.size }
            : undefined,
        troubleshooting: args.troubleshooting ?? false,
        appRunAsUser: args.appRunAsUser,
        exposeSsh: args.exposeSsh ?? false,
        loadBalancerSourceRanges: args.loadBalancerSourceRanges ?? [],
        networkPolicy: args.networkPolicy ?? true,
        route: args.route ? { host: args.routeHost } : undefined,
        openshiftScc: args.openshiftScc,
        podSecurity: { enforce: args.podSecurityLevel, warn: args.podSecurityWarnLevel ?? "restricted" },
        gcpServiceAccount: args.gcpServiceAccount,
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
    problems.push(
        oneOf(key("dockerEngine"), settings.dockerEngine, Object.values(DockerEngine)),
        imageReference(key("dindImage"), settings.dindImage),
        storageQuantity(key("dindStorageSize"), settings.dindStorageSize),
        ...resourceProblems(key("resources"), args.resources),
    );
    if (settings.runtimeImage !== undefined) problems.push(imageReference(key("runtimeImage"), settings.runtimeImage));
    if (settings.llmBaseUrl !== undefined) problems.push(url(key("llmBaseUrl"), settings.llmBaseUrl));
    if (settings.llmModel !== undefined && settings.llmModel.trim() === "") {
        problems.push(`${key("llmModel")}: is empty; accepted: a model name such as 'anthropic/claude-sonnet-4-20250514', or leave it unset`);
    }
    if (settings.state) {
        problems.push(storageQuantity(key("stateSize"), settings.state.size),
            absolutePath(key("stateHostPath"), settings.state.hostPath));
    }
    if (settings.troubleshooting && settings.dockerEngine === DockerEngine.Dind) {
        problems.push(`${key("troubleshooting")}: the troubleshooting Deployment looks at the node's Docker socket, ` +
            `but ${key("dockerEngine")} is 'dind'; accepted: leave it off and run 'docker ps -a' in the ` +
            `${DIND.containerName} container (see the verifyCommands output), or use dockerEngine 'hostSocket'`);
    }
    problems.push(...securityProblems(settings, args, key));
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
    // The level check builds the pod specs, so it runs once everything else is known to be valid.
    throwIfProblems([podSecurityLevelProblem(settings, key("podSecurityLevel"))]);
    return settings;
}

/** The containers whose resources can be set. */
const RESOURCE_CONTAINERS = ["app", "sandbox", "dind"] as const;

/** Checks a {@link PodResources}: known containers and fields, quantities, requests within limits. */
function resourceProblems(key: string, resources: PodResources | undefined): Problem[] {
    if (resources === undefined) return [];
    const problems: Problem[] = [];
    for (const [container, values] of Object.entries(resources)) {
        if (!(RESOURCE_CONTAINERS as readonly string[]).includes(container)) {
            problems.push(`${key}: unknown container '${container}'; accepted: ${RESOURCE_CONTAINERS.join(", ")}`);
            continue;
        }
        for (const [field, value] of Object.entries(values ?? {})) {
            if (!Object.keys(RESOURCES.app).includes(field)) {
                problems.push(`${key}.${container}: unknown field '${field}'; accepted: ${Object.keys(RESOURCES.app).join(", ")}`);
            } else {
                problems.push(quantity(`${key}.${container}.${field}`, String(value)));
            }
        }
    }
    return problems;
}

/** Checks the security settings: scopes, levels, ranges, and options that only one platform has. */
function securityProblems(settings: OpenHandsSettings, args: OpenHandsArgs, key: KeyNamer): Problem[] {
    const problems: Problem[] = [oneOf(key("rbacScope"), settings.rbacScope, Object.values(RbacScope))];
    const platform = settings.profile.platform;
    const onlyOn = (field: keyof OpenHandsArgs & string, on: string): void => {
        if (args[field] && platform !== on) {
            problems.push(`${key(field)}: only applies to the ${on} platform, but ${key("platform")} is '${platform}'; ` +
                `accepted: leave it unset`);
        }
    };
    onlyOn("route", Platform.OpenShift);
    onlyOn("routeHost", Platform.OpenShift);
    onlyOn("openshiftScc", Platform.OpenShift);
    onlyOn("gcpServiceAccount", Platform.Gke);
    if (settings.appRunAsUser !== undefined) problems.push(integerInRange(key("appRunAsUser"), settings.appRunAsUser, 1));
    settings.loadBalancerSourceRanges.forEach((range, i) =>
        problems.push(cidr(`${key("loadBalancerSourceRanges")}[${i}]`, range)));
    if (settings.route?.host !== undefined) problems.push(dnsSubdomain(key("routeHost"), settings.route.host));
    if (settings.openshiftScc !== undefined) problems.push(dnsSubdomain(key("openshiftScc"), settings.openshiftScc));
    if (settings.podSecurity.enforce !== undefined) {
        problems.push(oneOf(key("podSecurityLevel"), settings.podSecurity.enforce, LEVEL_ORDER));
    }
    problems.push(oneOf(key("podSecurityWarnLevel"), settings.podSecurity.warn, LEVEL_ORDER));
    if (settings.gcpServiceAccount !== undefined) problems.push(email(key("gcpServiceAccount"), settings.gcpServiceAccount));
    return problems;
}
