/**
 * Arguments -> settings: applies the catalog's defaults, runs the catalog's
 * checks on every value (now for plain values, as soon as it is known for
 * outputs), and checks the values that relate to each other. Pure: reads no
 * config and creates no resources.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ContainerResources, FlatArgs, OpenHandsArgs, PodResources } from "../args";
import { AgentSandboxInstall, BrowserAccess, DockerEngine, Platform, RbacScope, SandboxMode, ServiceType, valuesOf, WorkloadKind } from "../enums";
import { Generation } from "../releases";
import { repositoryPath } from "../images";
import type { GkeClusterArgs } from "../gke/args";
import { DIND } from "../guide";
import { cidrContains, deniedEgress, urlEndpoint } from "../cidr";
import { derivedNames, guideNames } from "./names";
import { resolveRelease } from "./release";
import { PROFILES } from "../profiles";
import {
    argPath, defaultFor, GKE_CLUSTER_SETTINGS, OPENHANDS_SETTINGS, type Setting, type SettingKey,
} from "./catalog";
import type { OpenHandsSettings, PlatformProfile, ResolvedResources } from "./types";
import {
    canonicalBytes, canonicalCpu, claimFitsVolume, cpuQuantity, directoriesApart, isUnderTmp, InvalidSettingsError, memoryQuantity, normalizeBaseUrl, oneOf, parseCpu,
    parseStorageQuantity, type Problem, show, throwIfProblems, trimmed,
} from "./validate";

/** Namespaces every cluster has: never created, so never deleted by `pulumi destroy`. */
export const BUILTIN_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease"];

/** The longest component name that still leaves room for the derived names' suffixes. */
const MAX_COMPONENT_NAME = 40;

/**
 * The result of resolving: the settings, and choices worth a warning. Warnings name
 * a setting by its bare name, which is both the arg and the stack key after `openhands:`.
 */
export interface Resolved {
    /** What the builders read. */
    readonly settings: OpenHandsSettings;
    /** One line per allowed choice that does less, or opens more, than a user may expect. */
    readonly warnings: readonly string[];
}

/** A GKE cluster's args with every default applied. */
export type ResolvedClusterArgs = Required<Omit<GkeClusterArgs, "clusterName" | "kubernetesVersion">> &
    Pick<GkeClusterArgs, "clusterName" | "kubernetesVersion">;

/** Whether a value is known only later (an Output or a Promise). */
function isDeferred(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || value instanceof Promise;
}

/**
 * Checks one value with its setting's check: a plain value now (its problem is
 * collected), an output when it becomes known (its problem fails the resources
 * that use it, with the same message).
 */
function checked<T>(setting: Setting<T>, key: string, value: pulumi.Input<T>, problems: Problem[]): pulumi.Input<T> {
    const check = setting.check;
    if (check === undefined) return value;
    if (!isDeferred(value)) {
        problems.push(check(key, value as T));
        return value;
    }
    return pulumi.output(value).apply((known) => {
        const problem = check(key, known as T);
        if (problem !== undefined) throw new InvalidSettingsError([problem]);
        return known;
    }) as pulumi.Output<T>;
}

/**
 * Every arg with its default applied and its own check run. Keys left unset stay
 * absent. Typed loosely here; {@link resolveSettings} returns the precise type.
 */
function applyCatalog(args: FlatArgs, platform: Platform, problems: Problem[]): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const field of Object.keys(OPENHANDS_SETTINGS) as SettingKey[]) {
        const setting = OPENHANDS_SETTINGS[field] as Setting<unknown>;
        const value = args[field] ?? defaultFor(setting, platform);
        if (value === undefined) continue;
        values[field] = checked(setting, argPath(field), value, problems);
    }
    return values;
}

/**
 * The args in one flat shape: the common settings with both platforms' option groups merged
 * in. A group's settings on the other platform are then warned about or refused by name, as
 * {@link inapplicableSettings} and {@link relationProblems} say.
 */
export function flattenArgs(args: OpenHandsArgs): FlatArgs {
    const { openshift, gke, ...common } = args;
    return { ...common, ...openshift, ...gke };
}

/**
 * Checks `args` and applies the defaults of `args.platform`. Throws one
 * {@link InvalidSettingsError} listing every bad value known now, each named as
 * `OpenHandsArgs.<field>`; values that arrive as outputs are checked when known.
 */
export function resolveSettings(name: string, grouped: OpenHandsArgs): Resolved {
    const args = flattenArgs(grouped);
    const platformProblem = oneOf(argPath("platform"), String(args.platform), valuesOf(Platform));
    throwIfProblems([platformProblem]);
    const platform = args.platform;
    const pods = args.sandboxes === SandboxMode.Pods;
    const profile = pods ? podsProfile(PROFILES[platform]) : PROFILES[platform];
    const problems: Problem[] = [];
    const warnings: string[] = [];
    const v = applyCatalog(args, platform, problems) as unknown as Omit<OpenHandsSettings,
        "profile" | "names" | "createNamespace" | "resources" | "serviceAccountName" | "createServiceAccount" |
        "release" | "appImage" | "dockerEngine" | "serviceType"> &
        { readonly resources: PodResources; readonly createNamespace: boolean };
    const choice = resolveRelease(args, platform);
    problems.push(...choice.problems);

    const namespaceIsPlain = !isDeferred(v.namespace);
    const names = v.guideNames ? guideNames(platform) : derivedNames(name, namespaceIsPlain ? v.namespace as string : undefined);
    const settings: OpenHandsSettings = {
        ...v,
        release: choice.release,
        appImage: checked(OPENHANDS_SETTINGS.appImage, argPath("appImage"), choice.appImage, []),
        agentServerImage: choice.agentServerImage,
        runtimeImage: choice.runtimeImage,
        dockerEngine: choice.dockerEngine,
        appRunAsUser: choice.appRunAsUser,
        sandboxStartupGraceSeconds: choice.sandboxStartupGraceSeconds,
        profile,
        serviceType: choice.release.generation === Generation.V1 && v.browserAccess === BrowserAccess.PortForward
            ? ServiceType.ClusterIP : profile.serviceType,
        ...llmValues(v),
        names,
        // A namespace passed as another resource's output belongs to that resource.
        createNamespace: v.createNamespace && namespaceIsPlain && !BUILTIN_NAMESPACES.includes(v.namespace as string),
        ...canonicalSizes(v),
        // Each sandbox pod has a workspace claim of its own; the app keeps none. Nor does the app call the
        // Kubernetes API in the pods mode (the adapter does, with rights of its own): no rights unless asked for.
        ...(pods ? { persistentWorkspace: false } : {}),
        ...(pods && !changedFromDefault(args, "rbacScope", platform) ? { rbacScope: RbacScope.None } : {}),
        sandboxNamespace: pods ? sandboxNamespaceOf(v.namespace, args.sandboxNamespace) : undefined,
        // A created cluster with a gVisor pool runs the sandboxes there unless told otherwise.
        sandboxRuntimeClass: v.sandboxRuntimeClass ?? (pods && args.cluster?.gvisorNodePool === true ? GVISOR_RUNTIME_CLASS : undefined),
        resources: {
            app: mergeResources("app", args.resources),
            sandbox: mergeResources("sandbox", args.resources),
            dind: mergeResources("dind", args.resources),
            proxy: mergeResources("proxy", args.resources),
            adapter: mergeResources("adapter", args.resources),
            agentServer: mergeResources("agentServer", args.resources),
        },
        serviceAccountName: v.serviceAccount ?? names.app,
        createServiceAccount: v.serviceAccount === undefined,
        googleCredentials: profile.googleCredentials ? v.googleCredentials : undefined,
    };

    if (!v.guideNames && (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > MAX_COMPONENT_NAME)) {
        problems.push(`component name: ${show(name)} cannot start the Kubernetes names derived from it; accepted: ` +
            `1-${MAX_COMPONENT_NAME} characters of lowercase letters, digits and '-', starting with a letter, ` +
            `or set ${argPath("guideNames")} to use the guide's names`);
    }
    const resourceShapeProblems = resourceProblems(args.resources);
    problems.push(...relationProblems(settings, args), ...resourceShapeProblems);
    if (resourceShapeProblems.every((p) => p === undefined)) problems.push(...requestsWithinLimits(settings), ...memoryFloorProblems(settings));
    if (args.cluster !== undefined) {
        if (platform !== Platform.Gke) problems.push(onlyOnProblem("cluster", Platform.Gke, platform));
        problems.push(...resolveClusterArgs(args.cluster, (field) => argPath(`cluster.${field}`)).problems);
    }
    throwIfProblems(problems);

    warnings.push(...inapplicableSettings(args, platform), ...unusedByOptions(settings, args), ...unusedBySandboxMode(settings, args));
    if (args.googleCredentials !== undefined && settings.googleCredentials === undefined) {
        warnings.push("googleCredentials is set, but only the gke platform mounts it: ignored");
    }
    const openToAll = settings.loadBalancerSourceRanges.length === 0 ||
        settings.loadBalancerSourceRanges.some((range) => /\/0+$/.test(range.trim()));
    warnings.push(...sccWarnings(settings), ...proxyImageWarnings(settings));
    if (settings.serviceType === ServiceType.LoadBalancer && openToAll) {
        warnings.push("the OpenHands UI will be reachable by anyone who can reach the load balancer, and whoever " +
            "reaches the UI runs code on the cluster: set loadBalancerSourceRanges to your own ranges");
    }
    for (const field of ["workspaceHostPath", "stateHostPath"] as const) {
        const used = field === "workspaceHostPath" ? profile.workspaceVolume === "claim"
            : settings.persistentState && profile.stateVolume === "hostPathClaim";
        if (used && isUnderTmp(settings[field])) {
            warnings.push(`${field} '${settings[field]}' is under /tmp, which RHEL CoreOS (and most Linux nodes) clean ` +
                "of files left unused for 10 days: set a directory of its own, e.g. '/var/lib/openhands-workspace'");
        }
    }
    if (profile.workspaceVolume === "emptyDir" && !settings.persistentWorkspace && !pods) {
        warnings.push("persistentWorkspace is false: the workspace is an emptyDir, and every pod replacement (an upgrade, a " +
            "config change, a node change or auto-upgrade, an eviction) deletes the code in it");
    }
    if (pods && !settings.createNamespace && typeof settings.namespace === "string") {
        warnings.push(`namespace '${settings.namespace}' is not created by the component, so nothing here makes it enforce ` +
            "Pod Security restricted (the sandbox namespace does): set namespace to one of the app's own, or label it yourself");
    }
    if (settings.exposeSsh && settings.sandboxSidecar) {
        warnings.push("exposeSsh: the sandbox's root-login sshd is on the load balancer");
    }
    return { settings, warnings };
}

/**
 * A platform's profile with `sandboxes: pods`: nothing of the app's pod on a node's disk. The state
 * is a claim of the default StorageClass on every platform (a hostPath volume is what the pods mode
 * exists to avoid), and the app mounts no workspace: each sandbox has its own.
 */
export function podsProfile(profile: PlatformProfile): PlatformProfile {
    return { ...profile, workspaceVolume: "emptyDir", stateVolume: "dynamicClaim" };
}

/** The sandbox namespace: the user's, else `<namespace>-sandboxes` (undefined while the namespace is an output). */
function sandboxNamespaceOf(namespace: pulumi.Input<string>, given: string | undefined): string | undefined {
    if (given !== undefined) return given;
    return isDeferred(namespace) ? undefined : `${namespace as string}-sandboxes`;
}

/** GKE Sandbox's RuntimeClass. */
export const GVISOR_RUNTIME_CLASS = "gvisor";

/** The longest namespace name (a DNS-1123 label). */
const NAMESPACE_MAX = 63;

/** The settings of the pods mode that relate to others. */
function podsModeProblems(settings: OpenHandsSettings, args: FlatArgs): Problem[] {
    if (settings.sandboxes !== SandboxMode.Pods) return [];
    const problems: Problem[] = [];
    const sandboxNamespace = settings.sandboxNamespace;
    if (sandboxNamespace === undefined) {
        problems.push(`${argPath("sandboxNamespace")}: missing; ${argPath("namespace")} is another resource's output, so the ` +
            "sandbox namespace cannot be derived from it; accepted: a namespace name of its own for the sandbox pods");
    } else if (sandboxNamespace === settings.namespace) {
        problems.push(`${argPath("sandboxNamespace")}: '${sandboxNamespace}' is the app's own namespace; the sandboxes need one of ` +
            "their own, which enforces Pod Security restricted and admits traffic only from the adapter; accepted: another name");
    } else if (args.sandboxNamespace === undefined && sandboxNamespace.length > NAMESPACE_MAX) {
        problems.push(`${argPath("sandboxNamespace")}: missing, and the derived '${sandboxNamespace}' is over ${NAMESPACE_MAX} ` +
            "characters; accepted: a namespace name of at most 63 characters");
    } else if (BUILTIN_NAMESPACES.includes(sandboxNamespace) || sandboxNamespace.startsWith("openshift")) {
        problems.push(`${argPath("sandboxNamespace")}: '${sandboxNamespace}' is a namespace of the cluster's own; accepted: a ` +
            "namespace for the sandboxes alone, which the component creates");
    }
    for (const field of ["dockerEngine", "dindImage", "dindStorageSize", "troubleshooting", "sandboxSidecar", "openshiftScc"] as const) {
        if (!changedFromDefault(args, field, settings.profile.platform)) continue;
        problems.push(`${argPath(field)}: is set, but ${argPath("sandboxes")} is 'pods', where no Docker daemon and no privileged ` +
            "container runs (each sandbox is a pod of its own, started through the runtime API adapter, under the platform's " +
            "restricted policy); accepted: leave it unset, or 'docker' sandboxes");
    }
    if (settings.sandboxRuntimeClass === GVISOR_RUNTIME_CLASS && args.cluster !== undefined && args.cluster.gvisorNodePool !== true) {
        problems.push(`${argPath("sandboxRuntimeClass")}: '${GVISOR_RUNTIME_CLASS}' needs GKE Sandbox nodes, and the cluster the ` +
            `component creates has none; accepted: ${argPath("cluster.gvisorNodePool")} true (a gVisor node pool), or no runtime class`);
    }
    if (settings.maxSandboxVolumes < settings.maxSandboxes) {
        problems.push(`${argPath("maxSandboxVolumes")}: ${settings.maxSandboxVolumes} is below ${argPath("maxSandboxes")} ` +
            `${settings.maxSandboxes}: every running sandbox holds a workspace volume, so the quota would stop sandboxes the ` +
            `cap allows; accepted: at least ${settings.maxSandboxes}`);
    }
    if (settings.release.generation !== Generation.V1) {
        problems.push(`${argPath("sandboxes")}: 'pods' needs a 1.x release, and ${settings.release.version} is 0.x; accepted: 'docker'`);
    }
    return problems;
}

/** Settings changed from their default that the sandbox mode makes pointless. */
function unusedBySandboxMode(settings: OpenHandsSettings, args: FlatArgs): string[] {
    const pods = settings.sandboxes === SandboxMode.Pods;
    const podsOnly: SettingKey[] = ["agentSandbox", "agentSandboxCrds", "agentSandboxImage", "adapterImage", "sandboxNamespace",
        "maxSandboxes", "maxSandboxVolumes", "sandboxStorageSize", "sandboxStorageClass", "sandboxRuntimeClass"];
    const dockerOnly: SettingKey[] = ["persistentWorkspace", "persistentWorkspaceSize", "workspaceSize", "workspaceClaimSize",
        "workspaceHostPath", "stateHostPath", "proxyImage", "sandboxUserId"];
    const unused: Array<[SettingKey, string]> = pods
        ? dockerOnly.map((field) => [field, "sandboxes is 'pods' (each sandbox has a workspace claim of its own, and the state a claim of the default StorageClass)"])
        : podsOnly.map((field) => [field, "sandboxes is 'docker'"]);
    if (pods && settings.agentSandbox === AgentSandboxInstall.Existing) {
        unused.push(["agentSandboxCrds", "agentSandbox is 'existing'"], ["agentSandboxImage", "agentSandbox is 'existing'"]);
    }
    return unused.filter(([field]) => field !== "proxyImage" && changedFromDefault(args, field, settings.profile.platform))
        .map(([field, why]) => `${field} is set, but ${why}: ignored`);
}

/** Settings that only one platform uses, and whose use elsewhere would be a mistake worth stopping for. */
const REFUSED_ELSEWHERE: readonly SettingKey[] = [
    "route", "routeHost", "openshiftScc", "gcpServiceAccount", "gcpProject", "loadBalancerSourceRanges", "exposeSsh",
];

function onlyOnProblem(field: string, on: Platform, platform: Platform): Problem {
    return `${argPath(field)}: only applies to the ${on} platform, but ${argPath("platform")} is '${platform}'; ` +
        "accepted: leave it unset";
}

/** Whether the user set a field to something other than its default on `platform`. */
function changedFromDefault(args: FlatArgs, field: SettingKey, platform: Platform): boolean {
    const value = args[field];
    return value !== undefined &&
        JSON.stringify(value) !== JSON.stringify(defaultFor(OPENHANDS_SETTINGS[field] as Setting<unknown>, platform));
}

/** Warnings for settings changed from their default on a platform that ignores them. */
function inapplicableSettings(args: FlatArgs, platform: Platform): string[] {
    const ignored: string[] = [];
    for (const field of Object.keys(OPENHANDS_SETTINGS) as SettingKey[]) {
        const setting = OPENHANDS_SETTINGS[field] as Setting<unknown>;
        if (setting.platform === undefined || setting.platform === platform || !changedFromDefault(args, field, platform)) continue;
        if (REFUSED_ELSEWHERE.includes(field) || field === "googleCredentials") continue;
        ignored.push(`${field} only applies to the ${setting.platform} platform: ignored on ${platform}`);
    }
    return ignored;
}

/** Settings changed from their default that the other choices make pointless: said, not silently dropped. */
function unusedByOptions(settings: OpenHandsSettings, args: FlatArgs): string[] {
    const unused: Array<[boolean, SettingKey, string]> = [
        [!settings.createNamespace, "podSecurityLevel", "the component creates no namespace to label"],
        [!settings.createNamespace, "podSecurityWarnLevel", "the component creates no namespace to label"],
        [!settings.route, "routeHost", "route is false"],
        [settings.dockerEngine !== DockerEngine.Dind, "dindImage", "dockerEngine is not 'dind'"],
        [settings.dockerEngine !== DockerEngine.Dind, "dindStorageSize", "dockerEngine is not 'dind'"],
        [!settings.persistentState, "stateSize", "persistentState is false"],
        [!settings.persistentState, "stateHostPath", "persistentState is false"],
        [!settings.sandboxSidecar, "sandboxImage", "sandboxSidecar is false"],
        [!settings.sandboxSidecar, "exposeSsh", "sandboxSidecar is false, so there is no sshd"],
        [!settings.networkPolicy, "egressDeniedCidrs", "networkPolicy is false"],
        [settings.workload === WorkloadKind.Pod, "replicas", "workload is 'Pod'"],
        [settings.release.generation === Generation.V0, "proxyImage", "0.x releases run no proxy"],
        [settings.release.generation === Generation.V0, "browserAccess", "0.x releases hand the browser no sandbox URLs"],
        [settings.appRunAsUser !== undefined, "sandboxUserId", "the app runs as a non-root user, without the entrypoint that reads it"],
        [settings.serviceType === ServiceType.ClusterIP, "nodePort", "browserAccess is 'portForward', whose Service is ClusterIP: no node port"],
        [settings.serviceType === ServiceType.ClusterIP, "loadBalancerSourceRanges", "browserAccess is 'portForward', whose Service is ClusterIP: no load balancer"],
    ];
    return unused.filter(([applies, field]) => applies && changedFromDefault(args, field, settings.profile.platform))
        .map(([, field, why]) => `${field} is set, but ${why}: ignored`);
}

/** Checks that relate two or more settings. */
function relationProblems(settings: OpenHandsSettings, args: FlatArgs): Problem[] {
    const problems: Problem[] = [];
    const platform = settings.profile.platform;
    for (const field of REFUSED_ELSEWHERE) {
        const on = (OPENHANDS_SETTINGS[field] as Setting<unknown>).platform as Platform;
        if (args[field] !== false && changedFromDefault(args, field, platform) && on !== platform) {
            problems.push(onlyOnProblem(field, on, platform));
        }
    }
    problems.push(...hostPathProblems(settings));
    problems.push(claimFitsVolume(argPath("workspaceClaimSize"), settings.workspaceClaimSize,
        argPath("workspaceSize"), settings.workspaceSize));
    if (settings.troubleshooting && settings.dockerEngine === DockerEngine.Dind) {
        problems.push(`${argPath("troubleshooting")}: the troubleshooting Deployment looks at the node's Docker socket, ` +
            `but ${argPath("dockerEngine")} is 'dind'; accepted: leave it off and run 'docker ps -a' in the ` +
            `${DIND.containerName} container (see the verifyCommands output), or use dockerEngine 'hostSocket'`);
    }
    problems.push(...defaultAccountProblems(settings), ...nodeDockerProblems(settings), llmEndpointProblem(settings));
    problems.push(routeHostProblem(settings), sccProblem(settings), proxyImageProblem(settings));
    if (settings.route && settings.browserAccess === BrowserAccess.PortForward && settings.release.generation === Generation.V1) {
        problems.push(`${argPath("route")}: a Route makes a public way in, but ${argPath("browserAccess")} 'portForward' hands the ` +
            "browser sandbox URLs on the port-forward's local port, which the Route does not serve; accepted: route false with " +
            `'portForward', or ${argPath("browserAccess")} 'service' with the Route`);
    }
    if (args.gcpServiceAccount !== undefined && settings.serviceAccountName === "default") {
        problems.push(`${argPath("gcpServiceAccount")}: would let every pod of the namespace act as the Google service account, ` +
            `because ${argPath("serviceAccount")} is 'default'; accepted: leave ${argPath("serviceAccount")} unset (a dedicated ` +
            "account is made) or name an account of the app's own");
    }
    if (args.gcpServiceAccount !== undefined && args.gcpProject === undefined && args.cluster === undefined) {
        problems.push(`${argPath("gcpProject")}: missing; ${argPath("gcpServiceAccount")} binds the app to a Google service ` +
            "account through the cluster project's Workload Identity pool; accepted: the cluster's project id, or a " +
            `${argPath("cluster")} to create`);
    }
    const singleCopy = settings.persistentState || settings.persistentWorkspace || settings.dockerEngine === DockerEngine.HostSocket ||
        settings.profile.workspaceVolume === "claim";
    if (settings.replicas > 1 && singleCopy) {
        problems.push(`${argPath("replicas")}: ${settings.replicas} replicas would share read-write-once volumes or the node's ` +
            "one Docker socket; accepted: 0 or 1, or several only with dockerEngine 'dind', persistentState false and " +
            "an emptyDir workspace (each replica then keeps its own state)");
    }
    problems.push(...sandboxAccessProblems(settings), ...podsModeProblems(settings, args));
    if (settings.workload === WorkloadKind.Pod && args.replicas !== undefined && args.replicas !== 1) {
        problems.push(`${argPath("replicas")}: ${args.replicas} replicas need a Deployment, but ${argPath("workload")} ` +
            `is 'Pod'; accepted: set ${argPath("workload")} to 'Deployment', or leave ${argPath("replicas")} unset`);
    }
    return problems;
}

/** The LLM values as the app is handed them: trimmed, and the base URL normalised (now, or when known). */
function llmValues(v: Pick<OpenHandsSettings, "llmModel" | "llmApiKey" | "llmBaseUrl">): Pick<OpenHandsSettings, "llmModel" | "llmApiKey" | "llmBaseUrl"> {
    const map = (value: pulumi.Input<string> | undefined, fn: (text: string) => string): pulumi.Input<string> | undefined => {
        if (value === undefined) return undefined;
        return isDeferred(value) ? pulumi.output(value).apply(fn) : fn(value as string);
    };
    return { llmModel: map(v.llmModel, trimmed), llmApiKey: map(v.llmApiKey, trimmed), llmBaseUrl: map(v.llmBaseUrl, normalizeBaseUrl) };
}

/**
 * What the proxy container asks of its image (see docs/security.md, "The proxy image"): an `nginx`
 * on the PATH that runs `nginx -c /etc/openhands-proxy/nginx.conf -e stderr -g 'daemon off;'` as
 * uid 101 with a read-only root filesystem, writing only under /tmp, listening on 8080.
 */
export const PROXY_IMAGE_NEEDS = "an image with nginx on its PATH, which the container runs as uid 101 on a read-only root " +
    "filesystem with the nginx.conf the component mounts, writing only to /tmp, e.g. 'nginxinc/nginx-unprivileged:1.28.0-alpine' " +
    "or the official 'nginx' image";

/** Repositories whose name says nginx is in them. */
const NGINX_REPOSITORY = /(^|[/._-])(nginx|openresty)([/._-]|$)/;
/** Other proxies and servers, and the stack's own other images: none runs nginx. */
const NOT_NGINX = /(^|\/)(haproxy|envoy|envoyproxy|traefik|caddy|httpd|apache2?|squid|varnish|openhands|agent-server|runtime|docker|dind|sandbox)$/;

/** The repository of a plain `proxyImage`, when the proxy runs; undefined otherwise. */
function proxyRepository(settings: OpenHandsSettings): string | undefined {
    if (settings.release.generation !== Generation.V1 || typeof settings.proxyImage !== "string") return undefined;
    return repositoryPath(settings.proxyImage);
}

/** A `proxyImage` that is clearly another program than nginx. */
function proxyImageProblem(settings: OpenHandsSettings): Problem {
    const repository = proxyRepository(settings);
    if (repository === undefined || NGINX_REPOSITORY.test(repository) || !NOT_NGINX.test(repository)) return undefined;
    return `${argPath("proxyImage")}: ${show(settings.proxyImage)} is not an nginx image, but the proxy container runs nginx ` +
        `with the component's nginx.conf; accepted: ${PROXY_IMAGE_NEEDS}`;
}

/** A `proxyImage` whose name does not say nginx: it may be a mirror, or something else. */
function proxyImageWarnings(settings: OpenHandsSettings): string[] {
    const repository = proxyRepository(settings);
    if (repository === undefined || NGINX_REPOSITORY.test(repository)) return [];
    return [`proxyImage '${settings.proxyImage as string}' does not name nginx: the proxy container runs nginx -c ` +
        `/etc/openhands-proxy/nginx.conf, so it must be ${PROXY_IMAGE_NEEDS}`];
}

/** The longest DNS label, which a Route's host is made of. */
const DNS_LABEL_MAX = 63;

/**
 * Without `routeHost`, OpenShift's router names the Route `<route name>-<namespace>.<router domain>`;
 * that first label must fit DNS's 63 characters, or the Route is admitted with no host at all.
 */
function routeHostProblem(settings: OpenHandsSettings): Problem {
    if (!settings.route || settings.routeHost !== undefined || isDeferred(settings.namespace)) return undefined;
    const label = `${settings.names.app}-${settings.namespace as string}`;
    if (label.length <= DNS_LABEL_MAX) return undefined;
    const room = DNS_LABEL_MAX - settings.names.app.length - 1;
    return `${argPath("routeHost")}: missing, and the host the router would generate starts with the label '${label}' ` +
        `(the Route '${settings.names.app}', '-', ${argPath("namespace")}), ${label.length} characters, over DNS's ` +
        `${DNS_LABEL_MAX} per label; accepted: a ${argPath("routeHost")} of your own, or a namespace of at most ${room} characters`;
}

/**
 * OpenShift's default SCCs, but `privileged`: none allows a privileged container
 * (`allowPrivilegedContainer: false`), so none can admit the Docker daemon sidecar.
 */
export const SCCS_WITHOUT_PRIVILEGED: readonly string[] = [
    "restricted-v2", "restricted", "nonroot-v2", "nonroot", "anyuid", "hostaccess", "hostmount-anyuid", "hostnetwork-v2",
    "hostnetwork", "machine-api-termination-handler", "node-exporter",
];

/** Whether the stack's pod holds a privileged container (the Docker daemon sidecar). */
function runsPrivileged(settings: OpenHandsSettings): boolean {
    return settings.dockerEngine === DockerEngine.Dind;
}

/** An SCC that cannot admit the pod's privileged Docker daemon. */
function sccProblem(settings: OpenHandsSettings): Problem {
    const scc = settings.openshiftScc;
    if (scc === undefined || settings.profile.platform !== Platform.OpenShift || !runsPrivileged(settings)) return undefined;
    if (!SCCS_WITHOUT_PRIVILEGED.includes(scc)) return undefined;
    return `${argPath("openshiftScc")}: '${scc}' cannot admit the pod: its Docker daemon (${argPath("dockerEngine")} 'dind') is a ` +
        "privileged container, and of OpenShift's default SCCs only 'privileged' allows one (allowPrivilegedContainer); " +
        "accepted: 'privileged', or an SCC of your own that allows privileged containers";
}

/** An SCC the component does not know: it must allow what the pod runs. */
function sccWarnings(settings: OpenHandsSettings): string[] {
    const scc = settings.openshiftScc;
    if (scc === undefined || scc === "privileged" || settings.profile.platform !== Platform.OpenShift || !runsPrivileged(settings)) return [];
    return [`openshiftScc '${scc}' is not one of OpenShift's default SCCs: it must allow privileged containers ` +
        "(allowPrivilegedContainer: true), or OpenShift refuses the pod's Docker daemon sidecar"];
}

/**
 * The namespace's `default` ServiceAccount runs every pod that names no other: API rights or an
 * SCC granted to it go to all of them. The stack never grants it any.
 */
function defaultAccountProblems(settings: OpenHandsSettings): Problem[] {
    if (settings.serviceAccountName !== "default") return [];
    const instead = `accepted: leave ${argPath("serviceAccount")} unset (a dedicated account is made), or name an account of the app's own`;
    const problems: Problem[] = [];
    if (settings.rbacScope !== RbacScope.None) {
        problems.push(`${argPath("rbacScope")}: '${settings.rbacScope}' would grant the guide's rules (create pods, exec into them) to ` +
            `the namespace's 'default' ServiceAccount (${argPath("serviceAccount")}), which every pod of the namespace runs as ` +
            `unless it names another; ${instead}, or set ${argPath("rbacScope")} to 'none'`);
    }
    if (settings.openshiftScc !== undefined) {
        problems.push(`${argPath("openshiftScc")}: '${settings.openshiftScc}' would let every pod of the namespace use that SCC, ` +
            `because ${argPath("serviceAccount")} is 'default'; ${instead}`);
    }
    return problems;
}

/**
 * The node's Docker (0.x, `hostSocket`) runs the sandboxes beside the pod, on the node: they
 * bind-mount the workspace by its node path, which only a hostPath workspace has (the app then
 * names it in WORKSPACE_MOUNT_PATH); and the socket belongs to root and the node's docker group,
 * which only the app's root entrypoint can join.
 */
function nodeDockerProblems(settings: OpenHandsSettings): Problem[] {
    if (settings.dockerEngine !== DockerEngine.HostSocket || settings.release.generation !== Generation.V0) return [];
    const problems: Problem[] = [];
    if (settings.profile.workspaceVolume !== "claim") {
        problems.push(`${argPath("dockerEngine")}: 'hostSocket' on ${settings.profile.platform} would run the sandboxes in the node's ` +
            "Docker, which bind-mounts their workspace from a node directory: their work would land on the node's disk, not " +
            "on the workspace volume the stack keeps (nor do GKE's nodes run Docker); accepted: 'dind' (the default), whose " +
            "sandboxes work on the workspace volume");
    }
    if (settings.appRunAsUser !== undefined) {
        problems.push(`${argPath("appRunAsUser")}: a non-root app cannot use the node's Docker socket (${argPath("dockerEngine")} ` +
            "'hostSocket'), which belongs to root and the node's docker group, whose id differs by node and is not known " +
            "here; accepted: leave it unset (the image's root entrypoint adds SANDBOX_USER_ID to the socket's group), or " +
            `${argPath("dockerEngine")} 'dind'`);
    }
    return problems;
}

/**
 * An LLM endpoint named by an in-cluster or private host name, when the egress policy denies the
 * private ranges such a name resolves to: the policy cannot allow a name, only an address.
 */
function llmEndpointProblem(settings: OpenHandsSettings): Problem {
    if (!settings.networkPolicy) return undefined;
    const endpoint = urlEndpoint(settings.llmBaseUrl);
    if (endpoint === undefined || endpoint.isAddress || endpoint.host === "localhost") return undefined;
    const inCluster = !endpoint.host.includes(".") || /\.(svc|cluster\.local|internal|local|lan|home\.arpa)$/.test(endpoint.host);
    const denied = deniedEgress(settings.egressDeniedCidrs, settings.dockerEngine === DockerEngine.Dind);
    const deniesPrivate = denied.some((range) => cidrContains(range, "10.0.0.1"));
    if (!inCluster || !deniesPrivate) return undefined;
    return `${argPath("llmBaseUrl")}: '${endpoint.host}' is an in-cluster or private name, whose address lies in the private ranges ` +
        `the egress NetworkPolicy denies (${argPath("egressDeniedCidrs")}), so the app could not reach the model; accepted: ` +
        "the endpoint's IP address in the URL (the policy then allows exactly that address and port), a public name, " +
        `an ${argPath("egressDeniedCidrs")} list without that range, or ${argPath("networkPolicy")} false`;
}

/** Whether the stack keeps data in hostPath volumes (a directory on one node's disk). */
export function usesHostPathData(settings: OpenHandsSettings): boolean {
    return settings.profile.workspaceVolume === "claim" || (settings.persistentState && settings.profile.stateVolume === "hostPathClaim");
}

/**
 * hostPath data belongs to one node: the node must be named (its PVs then carry node affinity, so
 * a replacement pod starts there), and the workspace and state directories must be apart.
 */
function hostPathProblems(settings: OpenHandsSettings): Problem[] {
    if (!usesHostPathData(settings)) return [];
    const problems: Problem[] = [];
    if (settings.nodeName === undefined) {
        problems.push(`${argPath("nodeName")}: missing; on ${settings.profile.platform} the workspace and the state are hostPath ` +
            "volumes, a directory on one node's disk, and without a named node a replacement pod (any config change, an " +
            "upgrade) may start on another node with empty volumes; accepted: the node that holds, or is to hold, the data, " +
            "as its kubernetes.io/hostname label gives it ('oc get nodes -L kubernetes.io/hostname'); for a pod already " +
            "running, the node it runs on ('oc -n <namespace> get pod <pod> -o jsonpath={.spec.nodeName}')");
    }
    if (settings.persistentState && settings.profile.stateVolume === "hostPathClaim") {
        problems.push(directoriesApart(argPath("workspaceHostPath"), settings.workspaceHostPath,
            argPath("stateHostPath"), settings.stateHostPath));
    }
    return problems;
}

/**
 * A 1.x release hands the browser one absolute URL pattern for every sandbox, and the
 * browser keeps that pattern's port: the port must be the one the browser uses.
 */
function sandboxAccessProblems(settings: OpenHandsSettings): Problem[] {
    if (settings.release.generation !== Generation.V1) return [];
    const problems: Problem[] = [];
    const throughNodePort = settings.browserAccess === BrowserAccess.Service &&
        settings.profile.serviceType === ServiceType.NodePort && !settings.route;
    if (throughNodePort && settings.nodePort === undefined) {
        problems.push(`${argPath("nodePort")}: missing; with OpenHands ${settings.release.version} the browser connects to ` +
            "each sandbox at the port of the sandbox URL the app hands it, so that port must be known before the cluster " +
            `picks one; accepted: a node port from 30000 to 32767, or ${argPath("route")} true, or ` +
            `${argPath("browserAccess")} 'portForward'`);
    }
    if (settings.replicas > 1) {
        problems.push(`${argPath("replicas")}: ${settings.replicas} replicas would each run their own sandboxes, and the ` +
            "Service would send a browser's sandbox requests to any of them; accepted: 0 or 1");
    }
    return problems;
}

/** Each container's requests no larger than its limits (the API server refuses the pod otherwise). */
function requestsWithinLimits(settings: OpenHandsSettings): Problem[] {
    const problems: Problem[] = [];
    for (const [container, r] of Object.entries(settings.resources)) {
        const key = argPath(`resources.${container}`);
        const cpu = [parseCpu(r.cpuRequest), parseCpu(r.cpuLimit)];
        const memory = [parseStorageQuantity(r.memoryRequest), parseStorageQuantity(r.memoryLimit)];
        if (cpu[0] !== undefined && cpu[1] !== undefined && cpu[0] > cpu[1]) {
            problems.push(`${key}: cpuRequest '${r.cpuRequest}' is larger than cpuLimit '${r.cpuLimit}'; accepted: a request no larger than the limit`);
        }
        if (memory[0] !== undefined && memory[1] !== undefined && memory[0] > memory[1]) {
            problems.push(`${key}: memoryRequest '${r.memoryRequest}' is larger than memoryLimit '${r.memoryLimit}'; accepted: a request no larger than the limit`);
        }
    }
    return problems;
}

/**
 * The least memory each container needs to start, below which its limit has it killed at start or at
 * its first real work (an OOM kill, a restart loop):
 * - app: the OpenHands server (Python, FastAPI, LiteLLM and the SDK imported at start) takes about
 *   400 MiB before the first request;
 * - dind: dockerd and containerd take about 150 MiB idle, and every sandbox container runs inside the
 *   same limit, so below 512Mi not even a small sandbox starts beside the daemon;
 * - proxy: nginx with one worker needs a few MiB, plus its buffers;
 * - sandbox: the guide's SSH sandbox, sshd and a shell.
 */
export const MEMORY_FLOORS = { app: "512Mi", dind: "512Mi", proxy: "16Mi", sandbox: "32Mi", adapter: "64Mi", agentServer: "1Gi" } as const;

/** Why each container needs its floor, for the message. */
const FLOOR_REASONS: Record<keyof typeof MEMORY_FLOORS, string> = {
    app: "the OpenHands server alone takes about 400 MiB once started",
    dind: "the Docker daemon takes about 150 MiB, and every sandbox runs inside the same limit",
    proxy: "nginx and its request buffers",
    sandbox: "sshd and a shell",
    adapter: "Node.js with the adapter's modules loaded takes about 40 MiB",
    agentServer: "the agent-server, its tools and the VS Code server take about 700 MiB before any work",
};

/** Memory limits too small for a container that runs to start. */
function memoryFloorProblems(settings: OpenHandsSettings): Problem[] {
    const runs: Record<keyof typeof MEMORY_FLOORS, boolean> = {
        app: true,
        dind: settings.dockerEngine === DockerEngine.Dind,
        proxy: settings.release.generation === Generation.V1,
        sandbox: settings.sandboxSidecar,
        adapter: settings.sandboxes === SandboxMode.Pods,
        agentServer: settings.sandboxes === SandboxMode.Pods,
    };
    const problems: Problem[] = [];
    for (const container of Object.keys(MEMORY_FLOORS) as Array<keyof typeof MEMORY_FLOORS>) {
        const limit = parseStorageQuantity(settings.resources[container].memoryLimit);
        const floor = MEMORY_FLOORS[container];
        if (!runs[container] || limit === undefined || limit >= (parseStorageQuantity(floor) ?? 0)) continue;
        problems.push(`${argPath(`resources.${container}`)}: memoryLimit '${settings.resources[container].memoryLimit}' is below ` +
            `${floor}, too little for the ${container} container to start (${FLOOR_REASONS[container]}); accepted: a memoryLimit ` +
            `of at least ${floor}`);
    }
    return problems;
}

/** The containers whose resources can be set, and their fields. */
const RESOURCE_CONTAINERS = Object.keys(OPENHANDS_SETTINGS.resources.default) as Array<keyof PodResources>;
const RESOURCE_FIELDS = Object.keys(OPENHANDS_SETTINGS.resources.default.app) as Array<keyof ContainerResources>;

/** A container's requests and limits: the catalog's, with the user's fields on top, each as the API server writes it. */
function mergeResources(container: keyof PodResources, given: PodResources | undefined): ResolvedResources {
    const merged: ResolvedResources = { ...OPENHANDS_SETTINGS.resources.default[container], ...given?.[container] };
    const canonical = (field: keyof ResolvedResources): string => {
        const value = merged[field];
        if (typeof value !== "string") return value;
        return (field.startsWith("cpu") ? canonicalCpu(value) : canonicalBytes(value)) ?? value;
    };
    return {
        cpuRequest: canonical("cpuRequest"), memoryRequest: canonical("memoryRequest"),
        cpuLimit: canonical("cpuLimit"), memoryLimit: canonical("memoryLimit"),
    };
}

/** The storage sizes that are set. */
const SIZE_SETTINGS = ["workspaceSize", "workspaceClaimSize", "stateSize", "dindStorageSize", "persistentWorkspaceSize", "sandboxStorageSize"] as const;

/**
 * The storage sizes as the API server writes them back (`1024Mi` -> `1Gi`), so the objects the
 * stack sends are the ones it reads back, and a preview after `up` shows no change. A value that
 * is not a quantity is left as it is: its check has refused it.
 */
function canonicalSizes(values: Partial<Record<(typeof SIZE_SETTINGS)[number], string>>): Record<string, string> {
    const sizes: Record<string, string> = {};
    for (const field of SIZE_SETTINGS) {
        const value = values[field];
        if (typeof value === "string") sizes[field] = canonicalBytes(value) ?? value;
    }
    return sizes;
}

/** Checks a {@link PodResources}: known containers and fields, quantities. */
function resourceProblems(resources: PodResources | undefined): Problem[] {
    const key = argPath("resources");
    if (resources === undefined) return [];
    if (resources === null || typeof resources !== "object" || Array.isArray(resources)) {
        return [`${key}: ${show(resources)} is not an object; accepted: e.g. {"app": {"memoryLimit": "8Gi"}}`];
    }
    const problems: Problem[] = [];
    for (const [container, values] of Object.entries(resources)) {
        if (!(RESOURCE_CONTAINERS as string[]).includes(container)) {
            problems.push(`${key}: unknown container '${container}'; accepted: ${RESOURCE_CONTAINERS.join(", ")}`);
            continue;
        }
        if (values === null || typeof values !== "object" || Array.isArray(values)) {
            problems.push(`${key}.${container}: ${show(values)} is not an object; accepted: fields ${RESOURCE_FIELDS.join(", ")}`);
            continue;
        }
        for (const [field, value] of Object.entries(values as Record<string, unknown>)) {
            if (!(RESOURCE_FIELDS as string[]).includes(field)) {
                problems.push(`${key}.${container}: unknown field '${field}'; accepted: ${RESOURCE_FIELDS.join(", ")}`);
            } else {
                const check = field.startsWith("cpu") ? cpuQuantity : memoryQuantity;
                problems.push(check(`${key}.${container}.${field}`, String(value)));
            }
        }
    }
    return problems;
}

/**
 * A GKE cluster's args with the catalog's defaults, and the problems of each
 * value, named by `key`. Pure.
 */
export function resolveClusterArgs(
    args: GkeClusterArgs, key: (field: keyof GkeClusterArgs) => string,
): { readonly resolved: ResolvedClusterArgs; readonly problems: Problem[] } {
    const problems: Problem[] = [];
    const resolved: Record<string, unknown> = {};
    for (const field of Object.keys(GKE_CLUSTER_SETTINGS) as Array<keyof GkeClusterArgs>) {
        const setting = GKE_CLUSTER_SETTINGS[field] as Setting<unknown>;
        const value = args[field] ?? setting.default;
        if (value === undefined) {
            if (field === "project" || field === "location") problems.push(`${key(field)}: missing; accepted: ${setting.description}`);
            continue;
        }
        problems.push(setting.check?.(key(field), value));
        resolved[field] = value;
    }
    return { resolved: resolved as ResolvedClusterArgs, problems };
}
