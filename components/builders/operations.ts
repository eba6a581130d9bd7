import * as k8s from "@pulumi/kubernetes";
import { DockerEngine, WorkloadKind } from "../args";
import { APP_CONTAINER, APP_PORT, DIND, DOCKER_SOCKET_PATH, GKE, TROUBLESHOOTING } from "../defaults";
import { OpenHandsSettings } from "../config/resolve";
import { namespacedMeta, PART_OF_LABEL } from "./metadata";

/**
 * The guide's step-5 troubleshooting Deployment `docker-in-docker`, for the
 * `hostSocket` engine: a Docker client next to the node's socket, to run
 * `docker ps -a` against the daemon the app drives. (The guide runs a whole
 * privileged dind daemon for this; the client alone is enough.)
 */
export function troubleshootingManifest(settings: OpenHandsSettings): k8s.types.input.apps.v1.Deployment {
    const labels = { app: TROUBLESHOOTING.name };
    return {
        metadata: namespacedMeta(settings, TROUBLESHOOTING.name, labels),
        spec: {
            replicas: 1,
            selector: { matchLabels: labels },
            template: {
                metadata: { labels: { ...labels, ...PART_OF_LABEL } },
                spec: {
                    nodeSelector: settings.nodeName === undefined
                        ? undefined
                        : { "kubernetes.io/hostname": settings.nodeName },
                    containers: [{
                        name: "docker",
                        image: TROUBLESHOOTING.image,
                        command: ["sleep", "infinity"],
                        volumeMounts: [{ name: "docker-sock", mountPath: DOCKER_SOCKET_PATH }],
                        resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
                    }],
                    volumes: [{ name: "docker-sock", hostPath: { path: DOCKER_SOCKET_PATH, type: "Socket" } }],
                },
            },
        },
    };
}

/**
 * The guide's missing step 4, "verify and UI access": the exact commands for this
 * stack (oc takes the same arguments as kubectl).
 */
export function verifyCommands(settings: OpenHandsSettings): string[] {
    const ns = `kubectl -n ${settings.namespace}`;
    const workload = `${settings.workload === WorkloadKind.Pod ? "pod" : "deploy"}/${settings.appName}`;
    const servicePort = settings.profile.serviceType === "LoadBalancer" ? GKE.httpPort : APP_PORT;
    const commands = [
        `${ns} get pods,svc,pvc -l app.kubernetes.io/part-of=openhands -o wide`,
        `${ns} wait --for=condition=Ready pod -l app=${settings.appName} --timeout=10m`,
        `${ns} logs ${workload} -c ${APP_CONTAINER}`,
        `${ns} port-forward svc/${settings.profile.serviceName} ${APP_PORT}:${servicePort}   # then open http://localhost:${APP_PORT}/`,
    ];
    if (settings.dockerEngine === DockerEngine.Dind) {
        commands.push(`${ns} exec ${workload} -c ${DIND.containerName} -- docker ps -a`);
    } else if (settings.troubleshooting) {
        commands.push(`${ns} exec deploy/${TROUBLESHOOTING.name} -- docker ps -a`);
    }
    return commands;
}
