/**
 * The adapter's settings, read from its environment once at start. Every problem
 * names the variable, so a bad Deployment fails at start with a message that says
 * what to fix, not at the first sandbox.
 */

/** Sizes and placement of every sandbox pod and its workspace volume. */
export interface SandboxSizing {
    /** CPU request of the agent-server container at resource_factor 1, a Kubernetes quantity. */
    readonly cpuRequest: string;
    /** Memory request at resource_factor 1. */
    readonly memoryRequest: string;
    /** CPU limit at resource_factor 1; empty for none. */
    readonly cpuLimit: string;
    /** Memory limit at resource_factor 1. */
    readonly memoryLimit: string;
    /** Size of each sandbox's workspace volume claim. */
    readonly storageSize: string;
    /** Storage class of the workspace claims; undefined takes the cluster's default class. */
    readonly storageClassName: string | undefined;
    /** RuntimeClass of the sandbox pods (for example `gvisor`); undefined for the node's default runtime. */
    readonly runtimeClassName: string | undefined;
    /** Size limit of each of the /tmp and $HOME scratch volumes (emptyDir). */
    readonly scratchSize: string;
}

/**
 * Who picks a sandbox pod's uid, gid and fsGroup: `request` takes the app's `run_as_user`,
 * `run_as_group` and `fs_group`; `platform` sets none of them, for platforms that assign
 * them per namespace and refuse a fixed one outside their range (OpenShift's
 * `restricted-v2` SecurityContextConstraints).
 */
export type SandboxUserIds = "request" | "platform";

/** The accepted values of {@link SandboxUserIds}. */
export const SANDBOX_USER_IDS: readonly SandboxUserIds[] = ["request", "platform"];

/** Everything the adapter reads from its environment. */
export interface AdapterConfig {
    /** The key the app sends as `X-API-Key` (the app's `SANDBOX_API_KEY`). */
    readonly apiKey: string;
    /** The namespace the adapter makes its Sandboxes and Secrets in (its own). */
    readonly namespace: string;
    /** `scheme://host[:port]` the browser and the app use; a sandbox's URL is `<base>/sandbox/<name>`. */
    readonly publicBaseUrl: string;
    /** The app's in-cluster base URL (`http://<service>.<ns>.svc:<port>`); webhooks go to `<base>/api/v1/webhooks`. */
    readonly appInternalUrl: string;
    /** Sizes and placement of sandbox pods. */
    readonly sandbox: SandboxSizing;
    /** Whether sandbox pods run as the ids the app asks for or as the ones the platform assigns. */
    readonly sandboxUserIds: SandboxUserIds;
    /** At most this many sandboxes are starting or running at once; /start beyond it is refused. */
    readonly maxSandboxes: number;
    /** Images /start accepts: exact references or prefixes ending in `:` or `/`; empty accepts any. */
    readonly allowedImages: readonly string[];
    /** TCP port the runtime API's HTTP server listens on. */
    readonly port: number;
    /** TCP port of the browser's route to the sandboxes (the reverse proxy, proxy.ts), on the same address. */
    readonly proxyPort: number;
    /** Address both servers bind. */
    readonly host: string;
}

/** A setting that is missing or malformed; the message names the variable. */
export class ConfigError extends Error {
    /** The environment variable at fault. */
    public readonly variable: string;

    constructor(variable: string, problem: string) {
        super(`${variable}: ${problem}`);
        this.name = "ConfigError";
        this.variable = variable;
    }
}

/** The names of every variable the adapter reads, in one place. */
export const ENV = {
    apiKey: "ADAPTER_API_KEY",
    namespace: "ADAPTER_NAMESPACE",
    publicBaseUrl: "ADAPTER_PUBLIC_BASE_URL",
    appInternalUrl: "ADAPTER_APP_INTERNAL_URL",
    cpuRequest: "ADAPTER_SANDBOX_CPU_REQUEST",
    memoryRequest: "ADAPTER_SANDBOX_MEMORY_REQUEST",
    cpuLimit: "ADAPTER_SANDBOX_CPU_LIMIT",
    memoryLimit: "ADAPTER_SANDBOX_MEMORY_LIMIT",
    storageSize: "ADAPTER_SANDBOX_STORAGE_SIZE",
    storageClassName: "ADAPTER_SANDBOX_STORAGE_CLASS",
    runtimeClassName: "ADAPTER_SANDBOX_RUNTIME_CLASS",
    scratchSize: "ADAPTER_SANDBOX_SCRATCH_SIZE",
    maxSandboxes: "ADAPTER_MAX_SANDBOXES",
    allowedImages: "ADAPTER_ALLOWED_IMAGES",
    sandboxUserIds: "ADAPTER_SANDBOX_USER_IDS",
    port: "ADAPTER_PORT",
    proxyPort: "ADAPTER_PROXY_PORT",
    host: "ADAPTER_HOST",
} as const;

/** Defaults of the optional settings. */
export const DEFAULTS = {
    cpuRequest: "500m",
    memoryRequest: "2Gi",
    cpuLimit: "2",
    memoryLimit: "4Gi",
    storageSize: "10Gi",
    scratchSize: "4Gi",
    maxSandboxes: 10,
    sandboxUserIds: "request",
    port: 8080,
    proxyPort: 8081,
    host: "0.0.0.0",
} as const;

/** A Kubernetes resource quantity as the API accepts it (decimal or binary suffix, or an exponent). */
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)([numkMGTPE]|[KMGTPE]i|[eE][+-]?\d+)?$/;
/** A DNS-1123 subdomain: the form of a StorageClass or RuntimeClass name. */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A DNS-1123 label: the form of a namespace's name. */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: string): string {
    const value = env[name]?.trim();
    if (!value) throw new ConfigError(name, "is required and is empty or unset");
    return value;
}

function optional(env: Env, name: string): string | undefined {
    const value = env[name]?.trim();
    return value ? value : undefined;
}

function quantity(env: Env, name: string, fallback: string, allowEmpty = false): string {
    const raw = env[name];
    if (raw !== undefined && raw.trim() === "" && allowEmpty) return "";
    const value = optional(env, name) ?? fallback;
    if (!QUANTITY.test(value)) throw new ConfigError(name, `"${value}" is not a Kubernetes quantity (e.g. 500m, 2, 4Gi)`);
    return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
    const raw = optional(env, name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) throw new ConfigError(name, `"${raw}" is not a whole number`);
    const value = Number(raw);
    if (value < min || value > max) throw new ConfigError(name, `${value} is outside ${min}..${max}`);
    return value;
}

function dnsName(env: Env, name: string, pattern: RegExp, max: number): string | undefined {
    const value = optional(env, name);
    if (value !== undefined && (!pattern.test(value) || value.length > max)) {
        throw new ConfigError(name, `"${value}" is not a valid Kubernetes name`);
    }
    return value;
}

/**
 * The public base URL: http(s), a host, no path, query or fragment. OpenHands builds the
 * VS Code and worker links from the URL's scheme and host only and takes the path mode
 * only when the URL's path starts with `/<runtime_id>` (`_build_service_url` in
 * openhands/app_server/sandbox/remote_sandbox_service.py, CrazyForks/OpenHands at 1.8.0
 * and at 1.11.0's commit 11ca68ab2e15), so a base path would break those links.
 */
function baseUrl(env: Env, name: string, what: string): string {
    const value = required(env, name).replace(/\/+$/, "");
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        throw new ConfigError(name, `"${value}" is not an absolute URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(name, `must be http or https, got ${url.protocol}`);
    if (url.username || url.password) throw new ConfigError(name, "must not carry credentials");
    if (url.pathname !== "/" || url.search || url.hash) {
        throw new ConfigError(name, `must be ${what} only (scheme://host[:port]) with no path, query or fragment`);
    }
    return `${url.protocol}//${url.host}`;
}

function userIds(env: Env, name: string): SandboxUserIds {
    const value = optional(env, name) ?? DEFAULTS.sandboxUserIds;
    const known = SANDBOX_USER_IDS.find((v) => v === value);
    if (!known) throw new ConfigError(name, `"${value}" is not one of ${SANDBOX_USER_IDS.join(", ")}`);
    return known;
}

/** Reads and checks the adapter's settings; throws a ConfigError naming the first bad variable. */
export function readConfig(env: Env = process.env): AdapterConfig {
    const apiKey = required(env, ENV.apiKey);
    if (apiKey.length < 16) throw new ConfigError(ENV.apiKey, "must be at least 16 characters");
    const namespace = required(env, ENV.namespace);
    if (!LABEL.test(namespace) || namespace.length > 63) throw new ConfigError(ENV.namespace, `"${namespace}" is not a valid namespace name`);
    const allowedImages = (optional(env, ENV.allowedImages) ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
    const port = integer(env, ENV.port, DEFAULTS.port, 1, 65535);
    const proxyPort = integer(env, ENV.proxyPort, DEFAULTS.proxyPort, 1, 65535);
    if (proxyPort === port) throw new ConfigError(ENV.proxyPort, `${proxyPort} is also ${ENV.port}: the two servers need a port each`);
    return {
        apiKey,
        namespace,
        publicBaseUrl: baseUrl(env, ENV.publicBaseUrl, "a scheme and host"),
        appInternalUrl: baseUrl(env, ENV.appInternalUrl, "the app Service's scheme, host and port"),
        sandbox: {
            cpuRequest: quantity(env, ENV.cpuRequest, DEFAULTS.cpuRequest),
            memoryRequest: quantity(env, ENV.memoryRequest, DEFAULTS.memoryRequest),
            cpuLimit: quantity(env, ENV.cpuLimit, DEFAULTS.cpuLimit, true),
            memoryLimit: quantity(env, ENV.memoryLimit, DEFAULTS.memoryLimit),
            storageSize: quantity(env, ENV.storageSize, DEFAULTS.storageSize),
            storageClassName: dnsName(env, ENV.storageClassName, SUBDOMAIN, 253),
            runtimeClassName: dnsName(env, ENV.runtimeClassName, SUBDOMAIN, 253),
            scratchSize: quantity(env, ENV.scratchSize, DEFAULTS.scratchSize),
        },
        sandboxUserIds: userIds(env, ENV.sandboxUserIds),
        maxSandboxes: integer(env, ENV.maxSandboxes, DEFAULTS.maxSandboxes, 1, 10000),
        allowedImages,
        port,
        proxyPort,
        host: optional(env, ENV.host) ?? DEFAULTS.host,
    };
}
