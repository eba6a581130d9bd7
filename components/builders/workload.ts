import * as k8s from "@pulumi/kubernetes";
import {
    APP_CONTAINER, APP_PORT, DOCKER_SOCKET_PATH, GKE, OPENSHIFT, SANDBOX_COMMAND, SANDBOX_CONTAINER,
    SANDBOX_SSH_PORT,
} from "../defaults";
import { OpenHandsSettings } from "../config/resolve";
import { appSelector, namespacedMeta } from "./metadata";

type Container = k8s.types.input.core.v1.Container;
type EnvVar = k8s.types.input.core.v1.EnvVar;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;
type PodSpec = k8s.types.input.core.v1.PodSpec;

/** Names of the pod's volumes, as the guide names them. */
export const VOLUME = {
    workspace: "workspace-volume",
    dockerSocket: "docker-sock",
    googleCredentials: "google-credentials",
} as const;

/** Name of the env var that carries the node's IP from the downward API. */
export const HOST_IP_ENV = "HOST_IP";

/**
 * The app's environment. `SANDBOX_LOCAL_RUNTIME_URL` replaces the guide's
 * obsolete `SANDBOX_API_HOSTNAME: 10.164.0.4`: the sandboxes publish their ports
 * on the Docker host, which is the node, and the node's IP comes from the
 * downward API instead of being typed in.
 */
export function appEnv(settings: OpenHandsSettings): EnvVar[] {
    const env: EnvVar[] = [
        { name: "SANDBOX_USER_ID", value: String(settings.sandboxUserId) },
        { name: "WORKSPACE_MOUNT_PATH", value: settings.profile.workspaceMountPath },
        { name: HOST_IP_ENV, valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } },
        { name: "SANDBOX_LOCAL_RUNTIME_URL", value: `http://$(${HOST_IP_ENV})` },
    ];
    if (settings.googleCredentials !== undefined) {
        env.push({ name: "GOOGLE_APPLICATION_CREDENTIALS", value: GKE.credentialsMountPath });
    }
    return env;
}

/** Where the app container mounts the workspace, the socket and, when given, the Google key. */
export function appVolumeMounts(settings: OpenHandsSettings): VolumeMount[] {
    const mounts: VolumeMount[] = [
        { name: VOLUME.workspace, mountPath: settings.profile.workspaceMountPath },
        { name: VOLUME.dockerSocket, mountPath: DOCKER_SOCKET_PATH },
    ];
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

/** The OpenHands app container. */
export function appContainer(settings: OpenHandsSettings): Container {
    return {
        name: APP_CONTAINER,
        image: settings.appImage,
        env: appEnv(settings),
        volumeMounts: appVolumeMounts(settings),
        ports: [{ name: "http", containerPort: APP_PORT, protocol: "TCP" }],
        securityContext: settings.profile.privilegedApp ? { privileged: true } : undefined,
    };
}

/** The guide's SSH sandbox container, with `-p` and its port as separate arguments. */
export function sandboxContainer(settings: OpenHandsSettings): Container {
    return {
        name: SANDBOX_CONTAINER,
        image: settings.sandboxImage,
        command: [...SANDBOX_COMMAND],
        ports: [{ name: "ssh", containerPort: SANDBOX_SSH_PORT, protocol: "TCP" }],
    };
}

/** The pod's volumes: claims on OpenShift; emptyDir, a Socket hostPath and the key Secret on GKE. */
export function podVolumes(settings: OpenHandsSettings): Volume[] {
    const { profile } = settings;
    const volumes: Volume[] = [
        profile.workspaceVolume === "claim"
            ? { name: VOLUME.workspace, persistentVolumeClaim: { claimName: OPENSHIFT.workspacePvcName } }
            : { name: VOLUME.workspace, emptyDir: {} },
        profile.dockerSocketVolume === "claim"
            ? { name: VOLUME.dockerSocket, persistentVolumeClaim: { claimName: OPENSHIFT.dockerPvcName } }
            : { name: VOLUME.dockerSocket, hostPath: { path: DOCKER_SOCKET_PATH, type: "Socket" } },
    ];
    if (settings.googleCredentials !== undefined) {
        volumes.push({ name: VOLUME.googleCredentials, secret: { secretName: GKE.credentialsSecretName } });
    }
    return volumes;
}

/** The pod spec shared by the Pod and the Deployment. */
export function podSpec(settings: OpenHandsSettings): PodSpec {
    return {
        serviceAccountName: settings.serviceAccount?.name,
        nodeSelector: settings.nodeName === undefined
            ? undefined
            : { "kubernetes.io/hostname": settings.nodeName },
        containers: [appContainer(settings), sandboxContainer(settings)],
        volumes: podVolumes(settings),
    };
}

/** The guide's bare Pod. */
export function podManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.Pod {
    return {
        metadata: namespacedMeta(settings, settings.appName, appSelector(settings)),
        spec: podSpec(settings),
    };
}

/**
 * The guide's Deployment, with the `apps/v1` it forgot. `Recreate` stops the old
 * pod before the new one starts, so two apps never share one workspace or socket.
 */
export function deploymentManifest(settings: OpenHandsSettings): k8s.types.input.apps.v1.Deployment {
    return {
        metadata: namespacedMeta(settings, settings.appName, appSelector(settings)),
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
