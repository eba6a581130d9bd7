/**
 * Pure builders: an OpenHands sandbox -> the Kubernetes objects that run it.
 *
 * One OpenHands sandbox is one agent-sandbox `Sandbox` (agents.x-k8s.io/v1beta1, fields
 * checked in the Go module sigs.k8s.io/agent-sandbox v1.0.3: api/v1beta1/sandbox_types.go
 * and k8s/crds/agents.x-k8s.io_sandboxes.yaml) and one Secret with its environment. The
 * controller (controllers/sandbox_controller.go of the same module) makes from the Sandbox
 * a pod named like it, a headless Service named like it (`service: true`) and, per
 * volume claim template `<t>`, a claim `<t>-<sandbox>` mounted as the pod volume `<t>`;
 * it owns all three. The Secret is owned by the Sandbox through the reference this module
 * builds, so deleting the Sandbox collects everything.
 *
 * No I/O, no clock, no randomness: keys come in as arguments.
 */
import { createHash } from "crypto";
import type { SandboxSizing, SandboxUserIds } from "./config";
import { type OperatingMode, type OwnerReference, type Sandbox, type Secret } from "./kube-types";
import type { StartRequest } from "./start-request";

/** API group/version and kind of agent-sandbox's Sandbox. */
export const SANDBOX_API = { group: "agents.x-k8s.io", version: "v1beta1", apiVersion: "agents.x-k8s.io/v1beta1", kind: "Sandbox", plural: "sandboxes" } as const;

/** Label keys and values that mark what the adapter made. */
export const LABELS = {
    managedBy: "app.kubernetes.io/managed-by",
    partOf: "app.kubernetes.io/part-of",
    component: "app.kubernetes.io/component",
    instance: "app.kubernetes.io/instance",
} as const;
/** The `managed-by` value of everything the adapter makes. */
export const MANAGED_BY = "openhands-adapter";
/** Selects every object the adapter made for a sandbox (Sandboxes, Secrets, and the pods, which inherit the template's labels). */
export const SANDBOX_SELECTOR = `${LABELS.managedBy}=${MANAGED_BY},${LABELS.component}=sandbox`;
/** Annotation holding the app's session id (names are hashes of it). */
export const SESSION_ID_ANNOTATION = "openhands-adapter/session-id";

/** Prefix of every sandbox name: a DNS-1035 label must start with a letter. */
const NAME_PREFIX = "oh-";
/** Hex characters of the session id's SHA-256 kept in the name (80 bits). */
const NAME_HASH_LENGTH = 20;
/** The form of a name sandboxName() makes. */
const NAME_FORM = new RegExp(`^${NAME_PREFIX}[0-9a-f]{${NAME_HASH_LENGTH}}$`);
/** The runtime_id prefix; the URL's path starts with `/<runtime_id>`, which makes the app use path routing. */
export const RUNTIME_ID_PREFIX = "sandbox/";

/** Ports of the agent-server image (the app's remote_sandbox_service.py: AGENT_SERVER_PORT .. WORKER_2_PORT). */
export const PORTS = { agentServer: 60000, vscode: 60001, worker1: 12000, worker2: 12001 } as const;

/** Name of the workspace volume claim template (and of the pod volume the controller adds for it). */
export const WORKSPACE_VOLUME = "workspace";
/** Where the workspace volume is mounted: the app's working_dir and its OH_CONVERSATIONS_PATH live under it. */
export const WORKSPACE_PATH = "/workspace";
/** $HOME of the image's `openhands` user (`useradd -m`), a scratch volume here. */
export const HOME_PATH = "/home/openhands";
/** Name of the agent-server container. */
export const CONTAINER_NAME = "agent-server";

/** The environment variables the adapter sets itself (read by the agent-server's config.py, software-agent-sdk). */
export const ENV_KEYS = {
    /** The sandbox's session key (V1_SESSION_API_KEY_ENV). */
    sessionApiKey: "OH_SESSION_API_KEYS_0",
    /** Encrypts secrets at rest; defaults to the session key when unset, so it must stay fixed across resumes. */
    secretKey: "OH_SECRET_KEY",
    /** Where the agent-server posts events (the app's WEBHOOK_CALLBACK_VARIABLE). */
    webhookBaseUrl: "OH_WEBHOOKS_0_BASE_URL",
    /** `--server-base-path` of VS Code, for path routing. */
    vscodeBasePath: "OH_VSCODE_BASE_PATH",
} as const;

/** The app's webhook path under its base URL (remote_sandbox_service.py, `_init_environment`). */
export const WEBHOOK_PATH = "/api/v1/webhooks";

/** The Kubernetes name of the sandbox of a session: `oh-` + 20 hex characters of SHA-256(session id). */
export function sandboxName(sessionId: string): string {
    return NAME_PREFIX + createHash("sha256").update(sessionId, "utf8").digest("hex").slice(0, NAME_HASH_LENGTH);
}

/** Whether `name` has the form sandboxName() makes (and so is one the adapter may touch). */
export function isSandboxName(name: string): boolean {
    return NAME_FORM.test(name);
}

/** The Secret that holds a sandbox's environment. */
export function secretName(name: string): string {
    return `${name}-env`;
}

/** The runtime_id the app stores and sends back to /pause, /resume, /stop. */
export function runtimeId(name: string): string {
    return RUNTIME_ID_PREFIX + name;
}

/** The sandbox name of a runtime_id, or undefined when it is not one the adapter hands out. */
export function nameOfRuntimeId(id: unknown): string | undefined {
    if (typeof id !== "string" || !id.startsWith(RUNTIME_ID_PREFIX)) return undefined;
    const name = id.slice(RUNTIME_ID_PREFIX.length);
    return isSandboxName(name) ? name : undefined;
}

/** The sandbox's URL for the browser and the app: `<base>/sandbox/<name>`. */
export function sandboxUrl(publicBaseUrl: string, name: string): string {
    return `${publicBaseUrl}/${runtimeId(name)}`;
}

/** VS Code's base path: the app links to `<scheme>://<host>/<runtime_id>/vscode` in path mode. */
export function vscodeBasePath(name: string): string {
    return `/${runtimeId(name)}/vscode`;
}

/** Labels of every object made for sandbox `name`. */
export function sandboxLabels(name: string): Record<string, string> {
    return {
        [LABELS.managedBy]: MANAGED_BY,
        [LABELS.partOf]: "openhands",
        [LABELS.component]: "sandbox",
        [LABELS.instance]: name,
    };
}

const SCALED_QUANTITY = /^(\d+(?:\.\d+)?|\.\d+)(.*)$/;

/** A Kubernetes quantity times a whole factor, keeping its suffix (`500m` x 2 = `1000m`). */
export function scaleQuantity(quantity: string, factor: number): string {
    if (factor === 1 || quantity === "") return quantity;
    const match = SCALED_QUANTITY.exec(quantity);
    if (!match) throw new Error(`not a quantity: ${quantity}`);
    const scaled = Number((Number(match[1]) * factor).toFixed(6));
    return `${scaled}${match[2]}`;
}

/** Inputs of the Secret of a sandbox. */
export interface SecretInputs {
    readonly namespace: string;
    readonly name: string;
    readonly sessionId: string;
    /** The environment the app sent. */
    readonly environment: Readonly<Record<string, string>>;
    /** The sandbox's session key. */
    readonly sessionApiKey: string;
    /** A key that stays the same for the sandbox's life (kept across resumes). */
    readonly secretKey: string;
    /** The app's in-cluster base URL. */
    readonly appInternalUrl: string;
}

/** The environment the agent-server gets: the app's, with the adapter's four variables set over it. */
export function sandboxEnvironment(input: SecretInputs): Record<string, string> {
    return {
        ...input.environment,
        // Kept when the app (or OH_AGENT_SERVER_ENV) chose one; otherwise the adapter's stable key.
        [ENV_KEYS.secretKey]: input.environment[ENV_KEYS.secretKey] || input.secretKey,
        [ENV_KEYS.sessionApiKey]: input.sessionApiKey,
        // Callbacks stay inside the cluster instead of going out through the public URL.
        [ENV_KEYS.webhookBaseUrl]: input.appInternalUrl + WEBHOOK_PATH,
        [ENV_KEYS.vscodeBasePath]: vscodeBasePath(input.name),
    };
}

/** Base64 of every value, as a Secret's `data` holds them. */
export function encodeData(values: Readonly<Record<string, string>>): Record<string, string> {
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v, "utf8").toString("base64")]));
}

/** One value of a Secret's `data`, decoded; undefined when absent. */
export function decodeValue(secret: Secret | undefined, key: string): string | undefined {
    const raw = secret?.data?.[key];
    return raw === undefined ? undefined : Buffer.from(raw, "base64").toString("utf8");
}

/** The Secret of a sandbox: its whole environment, owned (once the Sandbox exists) by the Sandbox. */
export function buildSecret(input: SecretInputs, owner?: OwnerReference): Secret {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: {
            name: secretName(input.name),
            namespace: input.namespace,
            labels: sandboxLabels(input.name),
            annotations: { [SESSION_ID_ANNOTATION]: input.sessionId },
            ...(owner ? { ownerReferences: [owner] } : {}),
        },
        type: "Opaque",
        data: encodeData(sandboxEnvironment(input)),
    };
}

/**
 * The owner reference from a sandbox's Secret to its Sandbox. `blockOwnerDeletion` is left
 * out: setting it needs `update` on `sandboxes/finalizers` (the
 * OwnerReferencesPermissionEnforcement admission plugin), which the adapter's Role does not need.
 */
export function ownerReferenceTo(sandbox: Sandbox): OwnerReference {
    const { name, uid } = sandbox.metadata;
    if (!name || !uid) throw new Error("a Sandbox without a name or uid cannot own anything");
    return { apiVersion: SANDBOX_API.apiVersion, kind: SANDBOX_API.kind, name, uid, controller: true };
}

/** Inputs of the Sandbox of an OpenHands sandbox. */
export interface SandboxInputs {
    readonly namespace: string;
    readonly name: string;
    readonly request: StartRequest;
    readonly sizing: SandboxSizing;
    /** Who picks the pod's uid, gid and fsGroup (default `request`: the app's run_as_user, run_as_group, fs_group). */
    readonly userIds?: SandboxUserIds;
}

/** The restricted Pod Security level's container settings (plus runAsNonRoot, which it also wants). */
export function restrictedContainerSecurity(): Record<string, unknown> {
    return {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        privileged: false,
        runAsNonRoot: true,
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/**
 * The pod's security context. With `platform` ids it names no uid, gid or fsGroup: OpenShift's
 * `restricted-v2` SecurityContextConstraints refuse a fixed uid outside the namespace's range
 * and fill in one from it (and an fsGroup) themselves.
 */
export function podSecurityContext(request: StartRequest, userIds: SandboxUserIds = "request"): Record<string, unknown> {
    const ids = userIds === "request" ? { runAsUser: request.runAsUser, runAsGroup: request.runAsGroup, fsGroup: request.fsGroup } : {};
    return { runAsNonRoot: true, ...ids, seccompProfile: { type: "RuntimeDefault" } };
}

/** The pod's resources at the request's factor. */
function resources(sizing: SandboxSizing, factor: number): Record<string, unknown> {
    const limits: Record<string, string> = { memory: scaleQuantity(sizing.memoryLimit, factor) };
    if (sizing.cpuLimit !== "") limits.cpu = scaleQuantity(sizing.cpuLimit, factor);
    return {
        requests: { cpu: scaleQuantity(sizing.cpuRequest, factor), memory: scaleQuantity(sizing.memoryRequest, factor) },
        limits,
    };
}

/** The Sandbox of an OpenHands sandbox, in operating mode `mode`. */
export function buildSandbox(input: SandboxInputs, mode: OperatingMode = "Running"): Sandbox {
    const { name, request, sizing } = input;
    const labels = sandboxLabels(name);
    const podSpec: Record<string, unknown> = {
        // The sandbox runs an agent with a shell: no Kubernetes credentials, no service links in its environment.
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        ...(sizing.runtimeClassName ? { runtimeClassName: sizing.runtimeClassName } : {}),
        securityContext: podSecurityContext(request, input.userIds),
        containers: [{
            name: CONTAINER_NAME,
            image: request.image,
            // The image's entrypoint is `tini -- <server>`; replacing it (not appending args to it)
            // keeps tini as PID 1 and hands the server exactly the app's command.
            command: ["tini", "--", ...request.command],
            workingDir: request.workingDir,
            // The app's environment (secret: LLM keys) comes from the Secret only.
            envFrom: [{ secretRef: { name: secretName(name) } }],
            // Not secret, fixed by the pod's layout, and set after envFrom so nothing overrides it.
            env: [
                { name: "HOME", value: HOME_PATH },
                { name: "TMPDIR", value: "/tmp" },
            ],
            ports: [
                { name: "http", containerPort: PORTS.agentServer, protocol: "TCP" },
                { name: "vscode", containerPort: PORTS.vscode, protocol: "TCP" },
                { name: "work-1", containerPort: PORTS.worker1, protocol: "TCP" },
                { name: "work-2", containerPort: PORTS.worker2, protocol: "TCP" },
            ],
            // /ready answers 503 until the server has finished starting (server_details_router.py, software-agent-sdk).
            readinessProbe: { httpGet: { path: "/ready", port: PORTS.agentServer }, periodSeconds: 2, failureThreshold: 3, timeoutSeconds: 2 },
            resources: resources(sizing, request.resourceFactor),
            securityContext: restrictedContainerSecurity(),
            volumeMounts: [
                { name: WORKSPACE_VOLUME, mountPath: WORKSPACE_PATH },
                { name: "tmp", mountPath: "/tmp" },
                { name: "home", mountPath: HOME_PATH },
            ],
        }],
        // emptyDir is writable by fsGroup and mounted without noexec: the one-file agent-server
        // binary unpacks itself into $TMPDIR and runs from there.
        volumes: [
            { name: "tmp", emptyDir: { sizeLimit: sizing.scratchSize } },
            { name: "home", emptyDir: { sizeLimit: sizing.scratchSize } },
        ],
    };
    return {
        apiVersion: SANDBOX_API.apiVersion,
        kind: SANDBOX_API.kind,
        metadata: {
            name,
            namespace: input.namespace,
            labels,
            annotations: { [SESSION_ID_ANNOTATION]: request.sessionId },
        },
        spec: {
            operatingMode: mode,
            service: true,
            podTemplate: { metadata: { labels }, spec: podSpec },
            volumeClaimTemplates: [{
                metadata: { name: WORKSPACE_VOLUME, labels },
                spec: {
                    accessModes: ["ReadWriteOnce"],
                    ...(sizing.storageClassName ? { storageClassName: sizing.storageClassName } : {}),
                    resources: { requests: { storage: sizing.storageSize } },
                },
            }],
        },
    };
}
