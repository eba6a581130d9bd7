/**
 * The reverse proxy in a 1.x app's pod, as Kubernetes objects: its ConfigMap, its
 * container and its volumes. The configuration itself is built in `proxy.ts`.
 */
import { createHash } from "crypto";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { APP_PORT } from "../guide";
import type { OpenHandsSettings } from "../settings/types";
import { browserPort, PROXY_PORT, proxyListenPorts } from "./access";
import { mapInput, mapInputs, pullPolicy } from "./inputs";
import { namespacedMeta } from "./metadata";
import { EPHEMERAL_PORTS, nginxArgs, nginxConfig } from "./proxy";
import { adapterProxyUpstream, isPods, platformAssignsUid } from "../sandboxes/adapter";

/** Name of the proxy container. */
export const PROXY_CONTAINER = "proxy";
/** The uid of the unprivileged nginx image's user. */
export const PROXY_USER = 101;
/** An hour: a conversation's WebSocket may stay quiet that long while the agent works. */
export const PROXY_READ_TIMEOUT_SECONDS = 3600;
/** Where the proxy reads its configuration. */
export const PROXY_CONFIG_DIR = "/etc/openhands-proxy";
/** The proxy's volumes: its configuration, and /tmp, the only place it writes. */
export const PROXY_VOLUME = { config: "proxy-config", tmp: "proxy-tmp" } as const;
/** Size limit of the proxy's /tmp (request buffers that spill to disk, the pid file). */
export const PROXY_TMP_SIZE = "64Mi";

/** The proxy's nginx.conf for the stack's way in. */
export function proxyConfigText(settings: OpenHandsSettings): pulumi.Input<string> {
    // The pods mode sends /sandbox/ to the adapter's route; the docker mode serves the sandboxes' ports in the pod.
    const upstream: pulumi.Input<string | undefined> = isPods(settings) ? adapterProxyUpstream(settings) : undefined;
    return mapInputs(browserPort(settings), upstream, (port, adapter) => nginxConfig({
        listenPorts: proxyListenPorts(port),
        appPort: APP_PORT,
        runtimePorts: EPHEMERAL_PORTS,
        readTimeoutSeconds: PROXY_READ_TIMEOUT_SECONDS,
        ...(adapter === undefined ? {} : { sandboxRoute: { upstream: adapter } }),
    }));
}

/**
 * The ConfigMap's name: the base name and a digest of the content, so a new
 * configuration is a new ConfigMap and the pod that mounts it is rolled.
 */
export function proxyConfigMapName(settings: OpenHandsSettings): pulumi.Input<string> {
    return mapInput(proxyConfigText(settings), (text) =>
        `${settings.names.proxyConfig}-${createHash("sha256").update(text).digest("hex").slice(0, 10)}`);
}

/** The ConfigMap with nginx.conf. */
export function proxyConfigMapManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.ConfigMap {
    return {
        metadata: namespacedMeta(settings, proxyConfigMapName(settings)),
        data: { "nginx.conf": proxyConfigText(settings) },
    };
}

/** The proxy container: non-root, no capabilities, read-only root, writing only to its /tmp. */
export function proxyContainer(
    settings: OpenHandsSettings, resources: k8s.types.input.core.v1.ResourceRequirements,
): k8s.types.input.core.v1.Container {
    return {
        name: PROXY_CONTAINER,
        image: settings.proxyImage,
        imagePullPolicy: pullPolicy(settings.proxyImage),
        command: ["nginx", ...nginxArgs(`${PROXY_CONFIG_DIR}/nginx.conf`)],
        ports: [{ name: "http", containerPort: PROXY_PORT, protocol: "TCP" }],
        readinessProbe: { tcpSocket: { port: PROXY_PORT }, periodSeconds: 5, failureThreshold: 3 },
        livenessProbe: { tcpSocket: { port: PROXY_PORT }, periodSeconds: 20, failureThreshold: 3 },
        securityContext: {
            runAsNonRoot: true,
            // OpenShift's restricted-v2 SCC (the pods mode's) assigns a uid itself; the image runs as any uid of group 0.
            ...(isPods(settings) && platformAssignsUid(settings) ? {} : { runAsUser: PROXY_USER, runAsGroup: PROXY_USER }),
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        },
        resources,
        volumeMounts: [
            { name: PROXY_VOLUME.config, mountPath: PROXY_CONFIG_DIR, readOnly: true },
            { name: PROXY_VOLUME.tmp, mountPath: "/tmp" },
        ],
    };
}

/** The proxy's two volumes. */
export function proxyVolumes(settings: OpenHandsSettings): k8s.types.input.core.v1.Volume[] {
    return [
        { name: PROXY_VOLUME.config, configMap: { name: proxyConfigMapName(settings) } },
        { name: PROXY_VOLUME.tmp, emptyDir: { sizeLimit: PROXY_TMP_SIZE } },
    ];
}
