import * as pulumi from "@pulumi/pulumi";
import { OpenHandsArgs, Platform, PodResources } from "../args";
import { GkeClusterArgs } from "../gke/cluster";
import { gkeClusterProblems } from "./gke";
import { ConfigReader } from "./reader";
import { KeyNamer, NODE_PORT_RANGE, OpenHandsSettings, resolveSettings } from "./resolve";
import { InvalidSettingsError, jsonObject, Problem, throwIfProblems } from "./validate";

/** The config namespace of this project's own keys. */
export const CONFIG_NAMESPACE = "openhands";

/** What a stack's configuration asks for: the component's args and, on GKE, the cluster. */
export interface StackConfig {
    /** Arguments of the OpenHands component. */
    readonly openhands: OpenHandsArgs;
    /** The same arguments, checked and defaulted (what the component will build from). */
    readonly settings: OpenHandsSettings;
    /** The GKE cluster to create, or undefined to use the cluster of the current kubeconfig. */
    readonly cluster?: GkeClusterArgs;
    /** The Google project whose Workload Identity pool the app's ServiceAccount joins, with `gcpServiceAccount`. */
    readonly workloadIdentityProject?: string;
}

/** Names an OpenHands arg by its stack config key. */
export const configKey: KeyNamer = (field) => `${CONFIG_NAMESPACE}:${field}`;

/**
 * Reads and checks the whole stack configuration: the only place in the
 * project that reads `pulumi.Config`. Every problem is gathered and reported
 * in one {@link InvalidSettingsError} before any resource is registered.
 */
export function readStackConfig(): StackConfig {
    const problems: Problem[] = [];
    const oh = new ConfigReader(CONFIG_NAMESPACE, problems);

    const platform = oh.requiredString("platform", Object.values(Platform));
    const openhands: OpenHandsArgs = {
        platform: platform ?? "",
        namespace: oh.optionalString("namespace"),
        createNamespace: oh.boolean("createNamespace"),
        appImage: oh.string("appImage"),
        sandboxImage: oh.string("sandboxImage"),
        sandboxUserId: oh.number("sandboxUserId", 0),
        workspaceSize: oh.string("workspaceSize"),
        workspaceClaimSize: oh.string("workspaceClaimSize"),
        workspaceHostPath: oh.string("workspaceHostPath"),
        nodeName: oh.optionalString("nodeName"),
        nodePort: oh.optionalNumber("nodePort", NODE_PORT_RANGE.min, NODE_PORT_RANGE.max),
        replicas: oh.number("replicas", 0),
        workload: oh.optionalString("workload"),
        serviceAccount: oh.optionalString("serviceAccount"),
        googleCredentials: readSecret(oh, "googleCredentials", "< key.json", jsonObject),
        dockerEngine: oh.optionalString("dockerEngine"),
        dindImage: oh.string("dindImage"),
        dindStorageSize: oh.string("dindStorageSize"),
        resources: oh.object<PodResources>("resources",
            "an object such as {\"app\": {\"cpuRequest\": \"500m\", \"memoryLimit\": \"8Gi\"}}"),
        runtimeImage: oh.optionalString("runtimeImage"),
        sandboxSidecar: oh.boolean("sandboxSidecar"),
        llmModel: oh.optionalString("llmModel"),
        llmBaseUrl: oh.optionalString("llmBaseUrl"),
        llmApiKey: readSecret(oh, "llmApiKey", "<api-key>"),
        persistentState: oh.boolean("persistentState"),
        stateSize: oh.optionalString("stateSize"),
        stateHostPath: oh.string("stateHostPath"),
        persistentWorkspace: oh.boolean("persistentWorkspace"),
        troubleshooting: oh.boolean("troubleshooting"),
        rbacScope: oh.optionalString("rbacScope"),
        appRunAsUser: oh.optionalNumber("appRunAsUser", 1),
        exposeSsh: oh.boolean("exposeSsh"),
        loadBalancerSourceRanges: readStringList(oh, "loadBalancerSourceRanges", "[\"203.0.113.0/24\"]"),
        networkPolicy: oh.boolean("networkPolicy"),
        route: oh.boolean("route"),
        routeHost: oh.optionalString("routeHost"),
        openshiftScc: oh.optionalString("openshiftScc"),
        podSecurityLevel: oh.optionalString("podSecurityLevel"),
        podSecurityWarnLevel: oh.string("podSecurityWarnLevel"),
        gcpServiceAccount: oh.optionalString("gcpServiceAccount"),
    };
    const createCluster = oh.boolean("createCluster") ?? true;
    const cluster = platform === Platform.Gke && createCluster ? readGkeCluster(oh) : undefined;
    const gcpProject = new ConfigReader("gcp", problems).optionalString("project");
    if (openhands.gcpServiceAccount !== undefined && gcpProject === undefined) {
        problems.push(`gcp:project: missing; ${oh.key("gcpServiceAccount")} binds the app to a Google service account ` +
            "through the cluster project's Workload Identity pool; accepted: the cluster's project id");
    }
    if (platform === undefined) throwIfProblems(problems);

    // resolveSettings checks what the values mean, alone and together; its problems join the reader's.
    let settings: OpenHandsSettings | undefined;
    try {
        settings = resolveSettings(openhands, configKey);
    } catch (err) {
        if (!(err instanceof InvalidSettingsError)) throw err;
        problems.push(...err.problems);
    }
    throwIfProblems(problems);

    const resolved = settings as OpenHandsSettings;
    warnAboutChoices(resolved, openhands);
    return { openhands, settings: resolved, cluster, workloadIdentityProject: cluster?.project ?? gcpProject };
}

/** The GKE cluster keys: `gcp:project` and a location are required. */
function readGkeCluster(oh: ConfigReader): GkeClusterArgs | undefined {
    const gcp = new ConfigReader("gcp", oh.problems);
    const project = gcp.optionalString("project");
    // The location comes from the first of these keys that is set.
    const sources: Array<[ConfigReader, string]> = [[oh, "gkeLocation"], [gcp, "zone"], [gcp, "region"]];
    const source = sources.find(([reader, name]) => reader.optionalString(name) !== undefined);
    const location = source && source[0].optionalString(source[1]);
    const locationKey = source && source[0].key(source[1]);
    if (project === undefined) {
        oh.problems.push("gcp:project: missing; the gke platform creates its cluster in a Google Cloud project; " +
            "accepted: a project id (`pulumi config set gcp:project my-project`), or set " +
            `${oh.key("createCluster")} to false to deploy into the current kubeconfig's cluster`);
    }
    if (location === undefined || locationKey === undefined) {
        oh.problems.push(`${oh.key("gkeLocation")}: missing, and neither gcp:zone nor gcp:region is set; ` +
            "accepted: a zone such as 'europe-west4-a' or a region such as 'europe-west4'");
    }
    if (project === undefined || location === undefined || locationKey === undefined) return undefined;

    const args: GkeClusterArgs = {
        project,
        location,
        clusterName: oh.optionalString("gkeClusterName"),
        nodeCount: oh.number("gkeNodeCount", 1),
        machineType: oh.string("gkeMachineType"),
        diskSizeGb: oh.number("gkeDiskSizeGb", 10),
        releaseChannel: oh.string("gkeReleaseChannel"),
        kubernetesVersion: oh.optionalString("gkeKubernetesVersion"),
        deletionProtection: oh.boolean("gkeDeletionProtection"),
    };
    const keyOf = (field: keyof GkeClusterArgs & string): string => {
        if (field === "project") return gcp.key("project");
        if (field === "location") return locationKey;
        return oh.key(`gke${field[0].toUpperCase()}${field.slice(1)}`);
    };
    oh.problems.push(...gkeClusterProblems(args, keyOf));
    return args;
}

/**
 * Reads a key that must be stored as a Pulumi secret, checking its plain text with
 * `check` (whose messages never repeat the value). The value is handed on only as a
 * secret Output.
 */
function readSecret(
    oh: ConfigReader, field: keyof OpenHandsArgs & string, example: string,
    check?: (key: string, value: string) => Problem,
): pulumi.Output<string> | undefined {
    const plain = oh.optionalString(field);
    if (plain === undefined) return undefined;
    const key = oh.key(field);
    if (!oh.isSecret(field)) {
        oh.problems.push(`${key}: is stored in plain text; accepted: only a secret, set with ` +
            `\`pulumi config set --secret ${key} ${example}\``);
        return undefined;
    }
    const problem = check?.(key, plain);
    if (problem !== undefined) {
        oh.problems.push(problem);
        return undefined;
    }
    return oh.secret(field);
}

/** Reads a list of strings, given as a YAML list in the stack file or a JSON array on the command line. */
function readStringList(oh: ConfigReader, field: keyof OpenHandsArgs & string, example: string): string[] | undefined {
    const value = oh.object<unknown>(field, `a list of strings, e.g. ${example}`);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
        oh.problems.push(`${oh.key(field)}: is not a list of strings; accepted: e.g. ${example}`);
        return undefined;
    }
    return value as string[];
}

/** Warnings for choices that are allowed but do less, or open more, than a user may expect. */
function warnAboutChoices(settings: OpenHandsSettings, args: OpenHandsArgs): void {
    if (args.googleCredentials !== undefined && settings.googleCredentials === undefined) {
        pulumi.log.warn(`${configKey("googleCredentials")} is set, but only the gke platform mounts it: ignored`);
    }
    if (settings.profile.serviceType === "LoadBalancer" && settings.loadBalancerSourceRanges.length === 0) {
        pulumi.log.warn(`the OpenHands UI will be reachable by anyone who can reach the load balancer, and whoever ` +
            `reaches the UI runs code on the cluster: set ${configKey("loadBalancerSourceRanges")} to your own ranges`);
    }
    if (settings.exposeSsh && settings.sandboxSidecar) {
        pulumi.log.warn(`${configKey("exposeSsh")}: the sandbox's root-login sshd is on the load balancer`);
    }
}
