import type * as k8s from "@pulumi/kubernetes";
import { BrowserAccess, DockerEngine, WorkloadKind } from "../enums";
import { APP_CONTAINER, APP_PORT, DIND, DOCKER_SOCKET_PATH, DOCKER_SOCKET_VOLUME, TROUBLESHOOTING } from "../guide";
import { Generation } from "../releases";
import type { OpenHandsSettings } from "../settings/types";
import { browserPort, browserUrlHint, PROXY_PORT, servicePort } from "./access";
import { namespacedMeta, PART_OF_LABEL } from "./metadata";

/**
 * The guide's step-5 troubleshooting Deployment `docker-in-docker`, for the
 * `hostSocket` engine: a Docker client next to the node's socket, to run
 * `docker ps -a` against the daemon the app drives. (The guide runs a whole
 * privileged dind daemon for this; the client alone is enough.)
 */
export function troubleshootingManifest(settings: OpenHandsSettings): k8s.types.input.apps.v1.Deployment {
    const labels = { app: settings.names.troubleshooting };
    return {
        metadata: namespacedMeta(settings, settings.names.troubleshooting, labels),
        spec: {
            replicas: 1,
            selector: { matchLabels: labels },
            template: {
                metadata: { labels: { ...labels, ...PART_OF_LABEL } },
                spec: troubleshootingPodSpec(settings),
            },
        },
    };
}

/**
 * The troubleshooting pod: a Docker client beside the node's socket, doing nothing until
 * exec'd into. It holds the node's Docker socket, so everything else is locked down: no
 * API token, no capabilities (root owns the socket, so none is needed to open it), no
 * privilege escalation, a read-only root filesystem with a scratch `/tmp` for the client.
 */
export function troubleshootingPodSpec(settings: OpenHandsSettings): k8s.types.input.core.v1.PodSpec {
    return {
        automountServiceAccountToken: false,
        securityContext: { seccompProfile: { type: "RuntimeDefault" } },
        nodeSelector: settings.nodeName === undefined
            ? undefined
            : { "kubernetes.io/hostname": settings.nodeName },
        containers: [{
            name: "docker",
            image: TROUBLESHOOTING.image,
            imagePullPolicy: "IfNotPresent",
            command: ["sleep", "infinity"],
            env: [{ name: "HOME", value: "/tmp" }],
            securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ["ALL"] },
                readOnlyRootFilesystem: true,
            },
            volumeMounts: [
                { name: DOCKER_SOCKET_VOLUME, mountPath: DOCKER_SOCKET_PATH },
                { name: "tmp", mountPath: "/tmp" },
            ],
            // Disk: its own layer and logs (256Mi) plus the 64Mi scratch /tmp it owns.
            resources: {
                requests: { cpu: "10m", memory: "16Mi", "ephemeral-storage": "16Mi" },
                limits: { cpu: "200m", memory: "128Mi", "ephemeral-storage": "320Mi" },
            },
        }],
        volumes: [
            { name: DOCKER_SOCKET_VOLUME, hostPath: { path: DOCKER_SOCKET_PATH, type: "Socket" } },
            { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
        ],
    };
}

/**
 * How to open the UI. A 0.x app is reachable through a port-forward of the Service; a
 * 1.x app hands the browser sandbox URLs on the port of its way in, so the port-forward
 * (the proxy's port to the same local port) works only when that is the way in.
 */
function uiCommand(settings: OpenHandsSettings, ns: string): string {
    const remote = servicePort(settings);
    if (settings.release.generation === Generation.V0) {
        return `${ns} port-forward svc/${settings.names.service} ${APP_PORT}:${remote}   # then open http://localhost:${APP_PORT}/`;
    }
    if (settings.browserAccess === BrowserAccess.PortForward) {
        return `${ns} port-forward svc/${settings.names.service} ${PROXY_PORT}:${remote}   # then open http://localhost:${PROXY_PORT}/`;
    }
    const port = browserPort(settings);
    const url = typeof port === "number" ? browserUrlHint(settings, port) : "the node port's URL";
    return `${ns} get svc/${settings.names.service}   # then open ${url}`;
}

/**
 * The guide's missing step 4, "verify and UI access": the exact commands for this
 * stack (oc takes the same arguments as kubectl).
 */
export function verifyCommands(settings: OpenHandsSettings, namespace: string): string[] {
    const ns = `kubectl -n ${namespace}`;
    const workload = `${settings.workload === WorkloadKind.Pod ? "pod" : "deploy"}/${settings.names.app}`;
    const commands = [
        `${ns} get pods,svc,pvc -l app.kubernetes.io/part-of=openhands -o wide`,
        `${ns} wait --for=condition=Ready pod -l app=${settings.names.app} --timeout=10m`,
        `${ns} logs ${workload} -c ${APP_CONTAINER}`,
        uiCommand(settings, ns),
    ];
    if (settings.dockerEngine === DockerEngine.Dind) {
        commands.push(`${ns} exec ${workload} -c ${DIND.containerName} -- docker ps -a`);
    } else if (settings.troubleshooting) {
        commands.push(`${ns} exec deploy/${settings.names.troubleshooting} -- docker ps -a`);
    }
    return commands;
}
