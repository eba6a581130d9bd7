/**
 * The runtime API adapter of the pods mode, as Kubernetes objects (pure): its code in a
 * ConfigMap run by a stock Node.js image, the key it shares with the app, its identity (a
 * ServiceAccount with a Role in the sandbox namespace only), its Deployment and Service, and
 * the app's environment that points OpenHands at it (`RUNTIME=remote`).
 *
 * The adapter itself is `adapter/` (see adapter/README.md): it reads the environment named in
 * `adapter/config.ts`'s `ENV`, which is imported here so the two never disagree.
 */
import { createHash } from "crypto";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { ENV } from "../../adapter/config";
import { Platform, SandboxMode } from "../enums";
import { browserPort, servicePort } from "../builders/access";
import { mapInput, pullPolicy } from "../builders/inputs";
import { appSelector, namespacedMeta, PART_OF_LABEL } from "../builders/metadata";
import type { OpenHandsSettings } from "../settings/types";

export { DEFAULT_ADAPTER_IMAGE } from "./adapter-image";
/** The adapter's runtime API port (the app calls it; `ADAPTER_PORT`). */
export const ADAPTER_API_PORT = 8080;
/** The adapter's browser route to the sandboxes, `/sandbox/<name>/...` (`ADAPTER_PROXY_PORT`). */
export const ADAPTER_PROXY_PORT = 8081;
/** Where the adapter's code ConfigMap is mounted. */
export const ADAPTER_CODE_DIR = "/opt/openhands-adapter";
/** The adapter's entry module in that directory. */
export const ADAPTER_ENTRY = "main.js";
/** The uid of the `node` user of the official Node.js images. */
export const NODE_IMAGE_USER = 1000;
/** The key of the API key in its Secret. */
export const API_KEY_SECRET_KEY = "api-key";
/** The adapter's container. */
export const ADAPTER_CONTAINER = "adapter";

type EnvVar = k8s.types.input.core.v1.EnvVar;
type PolicyRule = k8s.types.input.rbac.v1.PolicyRule;

/** Whether the sandboxes are pods of their own (`sandboxes: pods`): no Docker, and no workspace in the app's pod. */
export function isPods(settings: OpenHandsSettings): boolean {
    return settings.sandboxes === SandboxMode.Pods;
}

/** Whether the platform gives pods their uid itself (OpenShift's restricted-v2 SCC: a uid of the namespace's range). */
export function platformAssignsUid(settings: OpenHandsSettings): boolean {
    return settings.profile.platform === Platform.OpenShift;
}

/** The labels of the adapter's pods, its Service's selector. */
export function adapterSelector(settings: OpenHandsSettings): Record<string, string> {
    return { app: settings.names.adapter };
}

/** The sandbox namespace; resolve.ts refuses the pods mode without one. */
export function sandboxNamespaceOf(settings: OpenHandsSettings): string {
    if (settings.sandboxNamespace === undefined) throw new Error("sandboxes: pods without a sandbox namespace");
    return settings.sandboxNamespace;
}

/** `<name>.<namespace>.svc.cluster.local`: an in-cluster Service's name, as every pod resolves it. */
export function serviceHost(name: string, namespace: pulumi.Input<string>): pulumi.Input<string> {
    return mapInput(namespace, (ns) => `${name}.${ns}.svc.cluster.local`);
}

/** The adapter's runtime API as the app calls it. */
export function adapterApiUrl(settings: OpenHandsSettings): pulumi.Input<string> {
    return mapInput(serviceHost(settings.names.adapter, settings.namespace), (host) => `http://${host}:${ADAPTER_API_PORT}`);
}

/** `host:port` of the adapter's browser route, where the app pod's proxy sends `/sandbox/`. */
export function adapterProxyUpstream(settings: OpenHandsSettings): pulumi.Input<string> {
    return mapInput(serviceHost(settings.names.adapter, settings.namespace), (host) => `${host}:${ADAPTER_PROXY_PORT}`);
}

/**
 * The sandboxes' public base: the same `http://localhost:<browser port>` the docker mode hands out.
 * The UI swaps `localhost` for the page's host and takes the page's scheme; the app server's own
 * calls reach the proxy in its pod, which listens on that port too.
 */
export function publicBaseUrl(settings: OpenHandsSettings): pulumi.Input<string> {
    return mapInput(browserPort(settings), (port) => `http://localhost:${port}`);
}

/** The app's in-cluster URL, where the sandboxes send their webhooks. */
export function appInternalUrl(settings: OpenHandsSettings): pulumi.Input<string> {
    return mapInput(serviceHost(settings.names.service, settings.namespace), (host) => `http://${host}:${servicePort(settings)}`);
}

/** The API key the app sends and the adapter checks, from their shared Secret. */
function apiKeyFrom(settings: OpenHandsSettings): EnvVar["valueFrom"] {
    return { secretKeyRef: { name: settings.names.adapterApiKey, key: API_KEY_SECRET_KEY } };
}

/**
 * The app's environment for the pods mode: `RUNTIME=remote` and the adapter's URL and key. The
 * app then sends every sandbox start, pause, resume and stop to the adapter.
 */
export function remoteRuntimeEnv(settings: OpenHandsSettings): EnvVar[] {
    return [
        { name: "RUNTIME", value: "remote" },
        { name: "SANDBOX_REMOTE_RUNTIME_API_URL", value: adapterApiUrl(settings) },
        { name: "SANDBOX_API_KEY", valueFrom: apiKeyFrom(settings) },
    ];
}

/**
 * The Secret that holds the key: both pods read it from here, so the program never needs its value
 * again. The key goes in `data` (base64), the field the Kubernetes provider keeps in state: the
 * component's `ignoreChanges: ["data"]` then keeps the first key over every later run's fresh one.
 */
export function adapterApiKeySecretManifest(settings: OpenHandsSettings, key: pulumi.Input<string>): k8s.types.input.core.v1.Secret {
    return {
        metadata: namespacedMeta(settings, settings.names.adapterApiKey, adapterSelector(settings)),
        type: "Opaque",
        data: { [API_KEY_SECRET_KEY]: mapInput(key, (text) => Buffer.from(text, "utf8").toString("base64")) },
    };
}

/** The code ConfigMap's name: its base name and a digest of the files, so new code rolls the pod. */
export function adapterCodeConfigMapName(settings: OpenHandsSettings, files: Readonly<Record<string, string>>): string {
    const digest = createHash("sha256");
    for (const name of Object.keys(files).sort()) digest.update(name).update("\0").update(files[name]).update("\0");
    return `${settings.names.adapterCode}-${digest.digest("hex").slice(0, 10)}`;
}

/** The adapter's compiled modules, one key per file. */
export function adapterCodeConfigMapManifest(
    settings: OpenHandsSettings, files: Readonly<Record<string, string>>,
): k8s.types.input.core.v1.ConfigMap {
    if (!(ADAPTER_ENTRY in files)) throw new Error(`the adapter's code has no ${ADAPTER_ENTRY}`);
    return {
        metadata: namespacedMeta(settings, adapterCodeConfigMapName(settings, files), adapterSelector(settings)),
        data: { ...files },
        immutable: true,
    };
}

/** The adapter's settings (adapter/config.ts), from the component's. */
export function adapterEnv(settings: OpenHandsSettings): EnvVar[] {
    const r = settings.resources.agentServer;
    const env: EnvVar[] = [
        { name: ENV.apiKey, valueFrom: apiKeyFrom(settings) },
        { name: ENV.namespace, value: sandboxNamespaceOf(settings) },
        { name: ENV.publicBaseUrl, value: publicBaseUrl(settings) },
        { name: ENV.appInternalUrl, value: appInternalUrl(settings) },
        { name: ENV.maxSandboxes, value: String(settings.maxSandboxes) },
        { name: ENV.cpuRequest, value: r.cpuRequest },
        { name: ENV.memoryRequest, value: r.memoryRequest },
        { name: ENV.cpuLimit, value: r.cpuLimit },
        { name: ENV.memoryLimit, value: r.memoryLimit },
        { name: ENV.storageSize, value: settings.sandboxStorageSize },
        { name: ENV.port, value: String(ADAPTER_API_PORT) },
        { name: ENV.proxyPort, value: String(ADAPTER_PROXY_PORT) },
    ];
    // OpenShift's restricted-v2 SCC gives each sandbox pod a uid of the namespace's range, and refuses the image's 10001.
    if (platformAssignsUid(settings)) env.push({ name: ENV.sandboxUserIds, value: "platform" });
    if (settings.sandboxStorageClass !== undefined) env.push({ name: ENV.storageClassName, value: settings.sandboxStorageClass });
    if (settings.sandboxRuntimeClass !== undefined) env.push({ name: ENV.runtimeClassName, value: settings.sandboxRuntimeClass });
    if (settings.agentServerImage !== undefined) {
        // Only the release's agent-server: the key is the app's, but nothing else needs another image.
        env.push({ name: ENV.allowedImages, value: settings.agentServerImage });
    }
    return env;
}

/** The adapter's ServiceAccount (in the app's namespace). */
export function adapterServiceAccountManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.ServiceAccount {
    return { metadata: namespacedMeta(settings, settings.names.adapter, adapterSelector(settings)) };
}

/**
 * What the adapter may do, in the sandbox namespace only (adapter/README.md, "Security notes"):
 * its Sandboxes and their environment Secrets, and reading the pods to tell why one is not ready.
 */
export const ADAPTER_RULES: readonly PolicyRule[] = [
    { apiGroups: ["agents.x-k8s.io"], resources: ["sandboxes"], verbs: ["get", "list", "create", "patch", "delete"] },
    { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "create", "patch", "delete"] },
    { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
];

/** The adapter's Role, in the sandbox namespace. */
export function adapterRoleManifest(settings: OpenHandsSettings): k8s.types.input.rbac.v1.Role {
    return {
        metadata: { name: settings.names.adapter, namespace: sandboxNamespaceOf(settings), labels: { ...PART_OF_LABEL } },
        rules: ADAPTER_RULES.map((rule) => ({ ...rule })),
    };
}

/** Binds that Role to the adapter's ServiceAccount, which lives in the app's namespace. */
export function adapterRoleBindingManifest(settings: OpenHandsSettings): k8s.types.input.rbac.v1.RoleBinding {
    return {
        metadata: { name: settings.names.adapter, namespace: sandboxNamespaceOf(settings), labels: { ...PART_OF_LABEL } },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: settings.names.adapter },
        subjects: [{ kind: "ServiceAccount", name: settings.names.adapter, namespace: settings.namespace }],
    };
}

/**
 * The adapter's pod: non-root, read-only root filesystem, no capabilities, its code read-only from
 * the ConfigMap; the API token it needs, and nothing else.
 */
export function adapterPodSpec(settings: OpenHandsSettings, codeConfigMap: pulumi.Input<string>): k8s.types.input.core.v1.PodSpec {
    const r = settings.resources.adapter;
    const uid = platformAssignsUid(settings) ? {} : { runAsUser: NODE_IMAGE_USER, runAsGroup: NODE_IMAGE_USER };
    const health = { httpGet: { path: "/healthz", port: ADAPTER_API_PORT } };
    return {
        serviceAccountName: settings.names.adapter,
        automountServiceAccountToken: true,
        enableServiceLinks: false,
        securityContext: { runAsNonRoot: true, ...uid, seccompProfile: { type: "RuntimeDefault" } },
        containers: [{
            name: ADAPTER_CONTAINER,
            image: settings.adapterImage,
            imagePullPolicy: pullPolicy(settings.adapterImage),
            command: ["node", `${ADAPTER_CODE_DIR}/${ADAPTER_ENTRY}`],
            env: adapterEnv(settings),
            ports: [
                { name: "api", containerPort: ADAPTER_API_PORT, protocol: "TCP" },
                { name: "sandboxes", containerPort: ADAPTER_PROXY_PORT, protocol: "TCP" },
            ],
            readinessProbe: { ...health, periodSeconds: 5, failureThreshold: 3 },
            livenessProbe: { ...health, periodSeconds: 20, failureThreshold: 3 },
            securityContext: {
                runAsNonRoot: true,
                ...uid,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
            },
            resources: {
                requests: { cpu: r.cpuRequest, memory: r.memoryRequest, "ephemeral-storage": "16Mi" },
                limits: { cpu: r.cpuLimit, memory: r.memoryLimit, "ephemeral-storage": "64Mi" },
            },
            volumeMounts: [{ name: "code", mountPath: ADAPTER_CODE_DIR, readOnly: true }],
        }],
        volumes: [{ name: "code", configMap: { name: codeConfigMap } }],
    };
}

/**
 * The adapter's Deployment: one replica (it serialises changes in process, so the cap on sandboxes
 * holds), replaced with `Recreate` so two never run at once.
 */
export function adapterDeploymentManifest(
    settings: OpenHandsSettings, codeConfigMap: pulumi.Input<string>,
): k8s.types.input.apps.v1.Deployment {
    return {
        metadata: namespacedMeta(settings, settings.names.adapter, adapterSelector(settings)),
        spec: {
            replicas: 1,
            strategy: { type: "Recreate" },
            selector: { matchLabels: adapterSelector(settings) },
            template: {
                metadata: { labels: { ...PART_OF_LABEL, ...adapterSelector(settings) } },
                spec: adapterPodSpec(settings, codeConfigMap),
            },
        },
    };
}

/** The adapter's Service: its API for the app, its browser route for the app pod's proxy. */
export function adapterServiceManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.Service {
    return {
        metadata: namespacedMeta(settings, settings.names.adapter, adapterSelector(settings)),
        spec: {
            type: "ClusterIP",
            selector: adapterSelector(settings),
            ports: [
                { name: "api", port: ADAPTER_API_PORT, targetPort: ADAPTER_API_PORT, protocol: "TCP" },
                { name: "sandboxes", port: ADAPTER_PROXY_PORT, targetPort: ADAPTER_PROXY_PORT, protocol: "TCP" },
            ],
        },
    };
}

/** Admits traffic to the adapter only from the app's pods (its API and its route are theirs alone). */
export function adapterNetworkPolicyManifest(settings: OpenHandsSettings): k8s.types.input.networking.v1.NetworkPolicy {
    return {
        metadata: namespacedMeta(settings, settings.names.adapter, adapterSelector(settings)),
        spec: {
            podSelector: { matchLabels: adapterSelector(settings) },
            policyTypes: ["Ingress"],
            ingress: [{
                from: [{ podSelector: { matchLabels: appSelector(settings) } }],
                ports: [{ protocol: "TCP", port: ADAPTER_API_PORT }, { protocol: "TCP", port: ADAPTER_PROXY_PORT }],
            }],
        },
    };
}
