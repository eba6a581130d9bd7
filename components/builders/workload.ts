import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { DockerEngine } from "../enums";
import { parseStorageQuantity } from "../quantities";
import {
    APP_CONTAINER, APP_PORT, CAPABILITIES, DIND, DOCKER_SOCKET_PATH, DOCKER_SOCKET_VOLUME, FILE_STORE_PATH, GKE, PROBES, SANDBOX_COMMAND,
    SANDBOX_CONTAINER, SANDBOX_SSH_PORT, STATE,
} from "../guide";
import { Generation, splitRepositoryAndTag } from "../releases";
import type { OpenHandsSettings, ResolvedResources } from "../settings/types";
import { browserPort, proxyListenPorts, sandboxUrlPattern, SELF_HOST_NAMES } from "./access";
import { mapInput, pullPolicy } from "./inputs";
import { appSelector, namespacedMeta } from "./metadata";
import { EPHEMERAL_PORTS } from "./proxy";
import { PROXY_TMP_SIZE, proxyContainer, proxyVolumes } from "./proxy-pod";
import { SEED_MOUNT_PATH, seedScript, seedsSettings } from "./settings-seed";
import { needsApiToken } from "./rbac";
import { claimNameOf, storagePlan } from "./storage";
import { isPods, remoteRuntimeEnv } from "../sandboxes/adapter";
import { APP_IMAGE_USER } from "../settings/release";

type Container = k8s.types.input.core.v1.Container;
type EnvVar = k8s.types.input.core.v1.EnvVar;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;
type PodSpec = k8s.types.input.core.v1.PodSpec;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;

/** Names of the pod's volumes; the first three as the guide names them. */
export const VOLUME = {
    workspace: "workspace-volume",
    dockerSocket: DOCKER_SOCKET_VOLUME,
    googleCredentials: "google-credentials",
    state: STATE.volumeName,
    dockerRun: DIND.runVolume,
    dockerData: DIND.dataVolume,
    apiToken: "api-token",
    seed: "settings-seed",
} as const;

/** Name of the init container that prepares the state volume and seeds the LLM settings. */
export const PREPARE_STATE_CONTAINER = "prepare-state";
/** Where a 1.x sandbox works, and where the workspace is mounted in it (its image's working directory). */
export const SANDBOX_WORKSPACE = "/workspace/project";

/** Name of the env var that carries the node's IP from the downward API. */
export const HOST_IP_ENV = "HOST_IP";

const isDind = (settings: OpenHandsSettings) => settings.dockerEngine === DockerEngine.Dind;
const isV1 = (settings: OpenHandsSettings) => settings.release.generation === Generation.V1;
/** Whether the app runs as a non-root user: a uid of the user's or the release's, or one the platform assigns. */
export const appRunsNonRoot = (settings: OpenHandsSettings) => settings.appRunAsUser !== undefined || isPods(settings);
/** Whether the app runs non-root under a uid the platform assigns (the pods mode without a uid: OpenShift's restricted-v2). */
const platformPicksAppUid = (settings: OpenHandsSettings) => settings.appRunAsUser === undefined && isPods(settings);

/**
 * Where the app reaches the ports its sandboxes publish on the Docker host.
 * With the node's socket the Docker host is the node, whose IP comes from the
 * downward API (the guide typed one in, under a name OpenHands no longer reads);
 * with a dind sidecar it is the pod itself.
 */
export function runtimeUrlEnv(settings: OpenHandsSettings): EnvVar[] {
    if (isDind(settings)) return [{ name: "SANDBOX_LOCAL_RUNTIME_URL", value: "http://localhost" }];
    return [
        { name: HOST_IP_ENV, valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } },
        { name: "SANDBOX_LOCAL_RUNTIME_URL", value: `http://$(${HOST_IP_ENV})` },
    ];
}

/**
 * Whether the app gets a state directory of ours: always when it is kept, and otherwise
 * (as an emptyDir) when a non-root app needs a writable one or there are settings to seed;
 * without any of these the pod is the guide's, and the app keeps state in its own layer.
 */
export function mountsState(settings: OpenHandsSettings): boolean {
    return settings.persistentState || appRunsNonRoot(settings) || seedsSettings(settings);
}

/** Where the app keeps its state: settings.json and conversations. */
function stateEnv(settings: OpenHandsSettings): EnvVar[] {
    if (!mountsState(settings)) return [];
    const env: EnvVar[] = [{ name: "FILE_STORE", value: "local" }, { name: "FILE_STORE_PATH", value: FILE_STORE_PATH }];
    if (isV1(settings)) env.push({ name: "OH_PERSISTENCE_DIR", value: FILE_STORE_PATH });
    return env;
}

/**
 * The workspace as the Docker daemon that runs the sandboxes names it (`WORKSPACE_MOUNT_PATH`, the
 * path it bind-mounts into each): with a dind sidecar the app's own path, where the sidecar mounts
 * the same volume; with the node's Docker the hostPath directory behind the workspace PV, on the
 * node the PV is tied to (the guide's `/opt/workspace_base` was a node directory of its own, outside
 * the volume). The resolver refuses the node's Docker without a hostPath workspace.
 */
export function sandboxWorkspaceSource(settings: OpenHandsSettings): string {
    return isDind(settings) || settings.profile.workspaceVolume !== "claim" ? settings.profile.workspaceMountPath : settings.workspaceHostPath;
}

/**
 * The 0.x environment: the guide's two values (the entrypoint's user, the workspace),
 * where the runtime's ports are, and the runtime image.
 */
export function v0Env(settings: OpenHandsSettings): EnvVar[] {
    const env: EnvVar[] = [];
    if (settings.appRunAsUser === undefined) env.push({ name: "SANDBOX_USER_ID", value: mapInput(settings.sandboxUserId, String) });
    // The app sees the same files at WORKSPACE_BASE, which its image sets to the guide's mount path.
    env.push({ name: "WORKSPACE_MOUNT_PATH", value: sandboxWorkspaceSource(settings) }, ...runtimeUrlEnv(settings));
    if (settings.runtimeImage !== undefined) {
        env.push({ name: "SANDBOX_RUNTIME_CONTAINER_IMAGE", value: settings.runtimeImage });
    }
    return env;
}

/**
 * The 1.x environment: the agent-server image (both halves, or the release's own), the
 * sandbox URL pattern of the way in, the workspace mounted into every sandbox, and (from
 * 1.4.0) how long a starting sandbox may stay silent.
 */
export function v1Env(settings: OpenHandsSettings): EnvVar[] {
    const env: EnvVar[] = [];
    if (settings.agentServerImage !== undefined) {
        const parts = mapInput(settings.agentServerImage, (image) => {
            const split = splitRepositoryAndTag(image);
            if (split === undefined) throw new Error(`agentServerImage '${image}' has no tag`);
            return split;
        });
        env.push(
            { name: "AGENT_SERVER_IMAGE_REPOSITORY", value: mapInput(parts, (p) => p.repository) },
            { name: "AGENT_SERVER_IMAGE_TAG", value: mapInput(parts, (p) => p.tag) },
        );
    }
    if (isPods(settings)) {
        env.push(...remoteRuntimeEnv(settings));
        if (settings.sandboxStartupGraceSeconds !== undefined) {
            // Read by the app's conversation service (1.11.0: live_status_app_conversation_service.py).
            env.push({ name: "OH_APP_CONVERSATION_SANDBOX_STARTUP_TIMEOUT", value: String(settings.sandboxStartupGraceSeconds) });
        }
        return env;
    }
    env.push(
        { name: "SANDBOX_CONTAINER_URL_PATTERN", value: mapInput(browserPort(settings), sandboxUrlPattern) },
        { name: "SANDBOX_VOLUMES", value: `${settings.profile.workspaceMountPath}:${SANDBOX_WORKSPACE}:rw` },
    );
    if (settings.sandboxStartupGraceSeconds !== undefined) {
        env.push({ name: "SANDBOX_STARTUP_GRACE_SECONDS", value: String(settings.sandboxStartupGraceSeconds) });
    }
    return env;
}

/**
 * The app's environment, by generation. No `LLM_*` variable: the LLM settings are seeded
 * into settings.json (see settings-seed.ts), and 1.x would copy them into every sandbox.
 */
export function appEnv(settings: OpenHandsSettings): EnvVar[] {
    const env = [...(isV1(settings) ? v1Env(settings) : v0Env(settings)), ...stateEnv(settings)];
    if (appRunsNonRoot(settings)) env.push({ name: "NO_SETUP", value: "true" });
    if (settings.googleCredentials !== undefined) {
        env.push({ name: "GOOGLE_APPLICATION_CREDENTIALS", value: GKE.credentialsMountPath });
    }
    return env;
}

/** Where a pod's API credentials are expected: the standard in-cluster client path. */
export const API_TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * The app's Kubernetes API credentials, as the kubelet would mount them for every
 * container, here for the app container alone: a short-lived token, the cluster's CA and
 * the namespace. The Docker daemon and the sshd get none.
 */
export function apiTokenVolume(): Volume {
    return {
        name: VOLUME.apiToken,
        projected: {
            sources: [
                { serviceAccountToken: { path: "token", expirationSeconds: 3607 } },
                { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
                { downwardAPI: { items: [{ path: "namespace", fieldRef: { fieldPath: "metadata.namespace" } }] } },
            ],
        },
    };
}

/** Where the app container mounts the workspace, the Docker socket, its state and the Google key. */
export function appVolumeMounts(settings: OpenHandsSettings): VolumeMount[] {
    const mounts: VolumeMount[] = isPods(settings) ? [] : [
        { name: VOLUME.workspace, mountPath: settings.profile.workspaceMountPath },
        isDind(settings)
            // The daemon's socket directory: the socket appears at /var/run/docker.sock, where the
            // app's entrypoint looks for it (it exits if the socket is missing).
            ? { name: VOLUME.dockerRun, mountPath: DIND.socketDir }
            : { name: VOLUME.dockerSocket, mountPath: DOCKER_SOCKET_PATH },
    ];
    if (mountsState(settings)) mounts.push({ name: VOLUME.state, mountPath: FILE_STORE_PATH });
    if (needsApiToken(settings)) mounts.push({ name: VOLUME.apiToken, mountPath: API_TOKEN_PATH, readOnly: true });
    if (settings.googleCredentials !== undefined) {
        // subPath mounts the one key as a file; without it the path becomes a directory.
        mounts.push({
            name: VOLUME.googleCredentials,
            mountPath: GKE.credentialsMountPath,
            subPath: GKE.credentialsSecretKey,
            readOnly: true,
        });
    }
    return mounts;
}

/** Requests and limits in Kubernetes form. */
export function resourceRequirements(
    r: ResolvedResources, ephemeral: { readonly request: string; readonly limit: string },
): k8s.types.input.core.v1.ResourceRequirements {
    return {
        requests: { cpu: r.cpuRequest, memory: r.memoryRequest, "ephemeral-storage": ephemeral.request },
        limits: { cpu: r.cpuLimit, memory: r.memoryLimit, "ephemeral-storage": ephemeral.limit },
    };
}

/** Size limit of the Docker daemon's socket directory (a socket and a pid file). */
const DOCKER_RUN_SIZE = "16Mi";

/**
 * Node disk each container may use for its own writable layer and logs. The kubelet
 * evicts a pod whose disk use, its emptyDir volumes included, passes the sum of its
 * containers' limits; so the container that owns an emptyDir has that emptyDir's size
 * limit added to its own (see {@link ephemeralStorage}), and the sum always covers the pod.
 */
const OWN_DISK = {
    app: { request: "512Mi", limit: "4Gi" },
    sandbox: { request: "64Mi", limit: "512Mi" },
    dind: { request: "256Mi", limit: "1Gi" },
    proxy: { request: "16Mi", limit: "128Mi" },
    prepareState: { request: "16Mi", limit: "64Mi" },
} as const;

/** Size limit of the state directory when it is not kept (persistentState false): an emptyDir. */
const STATE_SCRATCH_SIZE = "1Gi";

/** A storage quantity as whole mebibytes. */
function mebibytes(...quantities: string[]): string {
    const bytes = quantities.reduce((sum, q) => sum + (parseStorageQuantity(q) ?? 0), 0);
    return `${Math.ceil(bytes / 2 ** 20)}Mi`;
}

/** The workspace's emptyDir size limit on gke, when the workspace is an emptyDir. */
function workspaceScratch(settings: OpenHandsSettings): string | undefined {
    const onClaim = settings.profile.workspaceVolume === "claim" || settings.persistentWorkspace;
    return onClaim ? undefined : settings.persistentWorkspaceSize;
}

/** Each container's ephemeral-storage request and limit, its emptyDirs included. */
export function ephemeralStorage(settings: OpenHandsSettings): Record<keyof typeof OWN_DISK, { request: string; limit: string }> {
    const scratch = workspaceScratch(settings);
    const stateScratch = !settings.persistentState && mountsState(settings) ? [STATE_SCRATCH_SIZE] : [];
    return {
        app: { request: OWN_DISK.app.request, limit: mebibytes(OWN_DISK.app.limit, ...(scratch ? [scratch] : []), ...stateScratch) },
        sandbox: { ...OWN_DISK.sandbox },
        dind: { request: OWN_DISK.dind.request, limit: mebibytes(OWN_DISK.dind.limit, settings.dindStorageSize, DOCKER_RUN_SIZE) },
        proxy: { request: OWN_DISK.proxy.request, limit: mebibytes(OWN_DISK.proxy.limit, PROXY_TMP_SIZE) },
        prepareState: { ...OWN_DISK.prepareState },
    };
}

/** Start-up and readiness probes on the app's `/health`, liveness on its `/alive`. */
export function appProbes(): Pick<Container, "startupProbe" | "readinessProbe" | "livenessProbe"> {
    const httpGet = { path: PROBES.path, port: APP_PORT };
    return {
        startupProbe: { httpGet, ...PROBES.startup },
        readinessProbe: { httpGet, ...PROBES.readiness },
        livenessProbe: { httpGet: { path: PROBES.livenessPath, port: APP_PORT }, ...PROBES.liveness },
    };
}

/**
 * The app container's security context: never privileged (the guide's GKE part makes it so,
 * but the socket mount alone is what talking to the node's Docker needs). No privilege
 * escalation and only the capabilities its root entrypoint needs to switch to
 * SANDBOX_USER_ID (baseline); with `appRunAsUser`, a non-root user and no capabilities at
 * all (restricted).
 */
export function appSecurityContext(settings: OpenHandsSettings): SecurityContext {
    if (platformPicksAppUid(settings)) {
        // The platform picks the uid (OpenShift's restricted-v2 SCC); the pod's supplemental group opens /app.
        return { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
    }
    if (settings.appRunAsUser !== undefined) {
        return {
            runAsNonRoot: true,
            runAsUser: settings.appRunAsUser,
            runAsGroup: settings.appRunAsUser,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
        };
    }
    return { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: [...CAPABILITIES.app] } };
}

/** The OpenHands app container. */
export function appContainer(settings: OpenHandsSettings): Container {
    return {
        name: APP_CONTAINER,
        image: settings.appImage,
        imagePullPolicy: pullPolicy(settings.appImage),
        env: appEnv(settings),
        volumeMounts: appVolumeMounts(settings),
        ports: [{ name: "http", containerPort: APP_PORT, protocol: "TCP" }],
        resources: resourceRequirements(settings.resources.app, ephemeralStorage(settings).app),
        ...appProbes(),
        securityContext: appSecurityContext(settings),
    };
}

/** The guide's SSH sandbox container, with `-p` and its port as separate arguments. */
export function sandboxContainer(settings: OpenHandsSettings): Container {
    return {
        name: SANDBOX_CONTAINER,
        image: settings.sandboxImage,
        imagePullPolicy: pullPolicy(settings.sandboxImage),
        command: [...SANDBOX_COMMAND],
        ports: [{ name: "ssh", containerPort: SANDBOX_SSH_PORT, protocol: "TCP" }],
        // sshd runs as root and separates privileges: baseline, with only the capabilities it uses.
        securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: [...CAPABILITIES.sshd] } },
        resources: resourceRequirements(settings.resources.sandbox, ephemeralStorage(settings).sandbox),
    };
}

/**
 * The Docker daemon sidecar. It is a native sidecar (an init container that keeps
 * running), so the kubelet starts it first and starts the app only once its
 * start-up probe sees the daemon answer: the app's entrypoint never races the socket.
 * It sees the workspace at the app's path, so sandboxes can bind-mount it.
 */
export function dindContainer(settings: OpenHandsSettings): Container {
    return {
        name: DIND.containerName,
        image: settings.dindImage,
        imagePullPolicy: pullPolicy(settings.dindImage),
        restartPolicy: "Always",
        // Only the unix socket: no TCP listener, so no TLS to manage and nothing reachable from outside the pod.
        // A non-root app reaches the socket through its group, which is the app's own.
        args: [`--host=unix://${DIND.socketDir}/docker.sock`,
            ...(settings.appRunAsUser === undefined ? [] : [`--group=${settings.appRunAsUser}`])],
        env: [{ name: "DOCKER_TLS_CERTDIR", value: "" }],
        securityContext: { privileged: true },
        startupProbe: { exec: { command: ["docker", "info"] }, periodSeconds: 2, failureThreshold: 90, timeoutSeconds: 5 },
        resources: resourceRequirements(settings.resources.dind, ephemeralStorage(settings).dind),
        volumeMounts: [
            { name: VOLUME.dockerRun, mountPath: DIND.socketDir },
            { name: VOLUME.dockerData, mountPath: DIND.dataPath },
            { name: VOLUME.workspace, mountPath: settings.profile.workspaceMountPath },
        ],
    };
}

/** The pod's volumes: claims from the storage plan, else emptyDirs; the socket; the key Secret. */
export function podVolumes(settings: OpenHandsSettings): Volume[] {
    const plan = storagePlan(settings);
    const fromClaim = (name: string, claimName: string): Volume => ({ name, persistentVolumeClaim: { claimName } });
    const workspaceClaim = claimNameOf(plan, "workspace");
    const volumes: Volume[] = isPods(settings) ? [] : [
        workspaceClaim ? fromClaim(VOLUME.workspace, workspaceClaim)
            : { name: VOLUME.workspace, emptyDir: { sizeLimit: workspaceScratch(settings) } },
    ];
    if (isPods(settings)) {
        // No Docker daemon and no socket: the sandboxes are pods of their own.
    } else if (isDind(settings)) {
        volumes.push(
            { name: VOLUME.dockerRun, emptyDir: { sizeLimit: DOCKER_RUN_SIZE } },
            { name: VOLUME.dockerData, emptyDir: { sizeLimit: settings.dindStorageSize } },
        );
    } else {
        const socketClaim = claimNameOf(plan, "docker");
        volumes.push(socketClaim
            ? fromClaim(VOLUME.dockerSocket, socketClaim)
            : { name: VOLUME.dockerSocket, hostPath: { path: DOCKER_SOCKET_PATH, type: "Socket" } });
    }
    const stateClaim = claimNameOf(plan, "state");
    if (stateClaim) volumes.push(fromClaim(VOLUME.state, stateClaim));
    else if (mountsState(settings)) volumes.push({ name: VOLUME.state, emptyDir: { sizeLimit: STATE_SCRATCH_SIZE } });
    if (seedsSettings(settings)) volumes.push({ name: VOLUME.seed, secret: { secretName: settings.names.llmSecret, defaultMode: 0o400 } });
    if (isV1(settings)) volumes.push(...proxyVolumes(settings));
    if (needsApiToken(settings)) volumes.push(apiTokenVolume());
    if (settings.googleCredentials !== undefined) {
        volumes.push({ name: VOLUME.googleCredentials, secret: { secretName: settings.names.googleCredentialsSecret } });
    }
    return volumes;
}

/**
 * Whether the state directory needs the init container: to seed the LLM settings, or to
 * hand a hostPath state directory (where fsGroup does nothing) to a non-root app.
 */
export function needsPrepareState(settings: OpenHandsSettings): boolean {
    return seedsSettings(settings) || chownsState(settings);
}

function chownsState(settings: OpenHandsSettings): boolean {
    return settings.appRunAsUser !== undefined && settings.persistentState && settings.profile.stateVolume === "hostPathClaim";
}

/**
 * The init container that prepares the state directory. It runs as the app's user,
 * or as root with only the file-ownership capabilities when it must chown a hostPath
 * directory for a non-root app.
 */
export function prepareStateContainer(settings: OpenHandsSettings): Container {
    const chown = chownsState(settings);
    const mounts: VolumeMount[] = [{ name: VOLUME.state, mountPath: FILE_STORE_PATH }];
    if (seedsSettings(settings)) mounts.push({ name: VOLUME.seed, mountPath: SEED_MOUNT_PATH, readOnly: true });
    const asUser = settings.appRunAsUser !== undefined && !chown;
    const platformUser = platformPicksAppUid(settings);
    return {
        name: PREPARE_STATE_CONTAINER,
        image: settings.appImage,
        imagePullPolicy: pullPolicy(settings.appImage),
        command: ["/bin/sh", "-c", seedScript(seedsSettings(settings), chown ? settings.appRunAsUser : undefined)],
        securityContext: asUser || platformUser
            ? { runAsNonRoot: true, ...(asUser ? { runAsUser: settings.appRunAsUser, runAsGroup: settings.appRunAsUser } : {}),
                allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } }
            : { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: chown ? ["CHOWN", "FOWNER", "DAC_OVERRIDE"] : [] } },
        resources: resourceRequirements(PREPARE_STATE_RESOURCES, ephemeralStorage(settings).prepareState),
        volumeMounts: mounts,
    };
}

/** A short shell step's requests and limits. */
const PREPARE_STATE_RESOURCES: ResolvedResources = { cpuRequest: "10m", memoryRequest: "16Mi", cpuLimit: "200m", memoryLimit: "64Mi" };

/**
 * Sysctls of a 1.x pod (both in the baseline set PodSecurity allows): the ephemeral port
 * range the proxy admits, pinned to the kernel's default so that a node with another
 * range cannot hand sandboxes ports the proxy refuses; and, when the browser's port is
 * below 1024 (80, 443), the first unprivileged port, so the non-root proxy can listen on it.
 */
export function podSysctls(settings: OpenHandsSettings): pulumi.Input<k8s.types.input.core.v1.Sysctl[]> | undefined {
    if (!isV1(settings)) return undefined;
    const port = browserPort(settings);
    if (isPods(settings) && typeof port === "number" && Math.min(...proxyListenPorts(port)) >= 1024) return undefined;
    return mapInput(port, (port) => {
        // Sandbox ports are published in the pod's ephemeral range only when the sandboxes are Docker containers in it.
        const sysctls: k8s.types.input.core.v1.Sysctl[] = isPods(settings) ? [] : [
            { name: "net.ipv4.ip_local_port_range", value: `${EPHEMERAL_PORTS.min} ${EPHEMERAL_PORTS.max}` },
        ];
        const lowest = Math.min(...proxyListenPorts(port));
        if (lowest < 1024) sysctls.push({ name: "net.ipv4.ip_unprivileged_port_start", value: String(lowest) });
        return sysctls;
    });
}

/** The pod spec shared by the Pod and the Deployment. */
export function podSpec(settings: OpenHandsSettings): PodSpec {
    const containers = [appContainer(settings)];
    if (isV1(settings)) {
        containers.push(proxyContainer(settings, resourceRequirements(settings.resources.proxy, ephemeralStorage(settings).proxy)));
    }
    if (settings.sandboxSidecar) containers.push(sandboxContainer(settings));
    const initContainers = [
        ...(needsPrepareState(settings) ? [prepareStateContainer(settings)] : []),
        ...(isDind(settings) ? [dindContainer(settings)] : []),
    ];
    return {
        serviceAccountName: settings.serviceAccountName,
        automountServiceAccountToken: false,
        securityContext: {
            seccompProfile: { type: "RuntimeDefault" },
            ...(settings.appRunAsUser === undefined ? {} : { fsGroup: settings.appRunAsUser, fsGroupChangePolicy: "OnRootMismatch" }),
            // A uid the platform assigns is in no group of the image: the app's group opens /app (mode 770).
            ...(platformPicksAppUid(settings) ? { runAsNonRoot: true, supplementalGroups: [APP_IMAGE_USER] } : {}),
            sysctls: podSysctls(settings),
        },
        // The app may call its own sandbox URLs by these names (it swaps localhost for them when it
        // believes it runs in Docker); in the pod they must reach the pod's own proxy.
        hostAliases: isV1(settings) ? [{ ip: "127.0.0.1", hostnames: [...SELF_HOST_NAMES] }] : undefined,
        nodeSelector: settings.nodeName === undefined
            ? undefined
            : { "kubernetes.io/hostname": settings.nodeName },
        initContainers: initContainers.length > 0 ? initContainers : undefined,
        containers,
        volumes: podVolumes(settings),
    };
}

/** The guide's bare Pod. */
export function podManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.Pod {
    return {
        metadata: namespacedMeta(settings, settings.names.app, appSelector(settings)),
        spec: podSpec(settings),
    };
}

/**
 * The guide's Deployment, with the `apps/v1` it forgot. `Recreate` stops the old
 * pod before the new one starts, so two apps never share one read-write-once
 * volume, workspace or socket.
 */
export function deploymentManifest(settings: OpenHandsSettings): k8s.types.input.apps.v1.Deployment {
    return {
        metadata: namespacedMeta(settings, settings.names.app, appSelector(settings)),
        spec: {
            replicas: settings.replicas,
            strategy: { type: "Recreate" },
            selector: { matchLabels: appSelector(settings) },
            template: {
                metadata: { labels: appSelector(settings) },
                spec: podSpec(settings),
            },
        },
    };
}
