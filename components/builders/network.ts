import type * as k8s from "@pulumi/kubernetes";
import { DockerEngine, ServiceType } from "../enums";
import { APP_PORT, GKE, OPENSHIFT, SANDBOX_SSH_PORT } from "../guide";
import { Generation } from "../releases";
import type { OpenHandsSettings } from "../settings/types";
import { PROXY_PORT } from "./access";
import { appSelector, namespacedMeta } from "./metadata";

type ServicePort = k8s.types.input.core.v1.ServicePort;

/**
 * The pod port behind the Service: the app's 3000 for a 0.x release, the proxy in
 * front of the app and its sandboxes for 1.x.
 */
export function uiTargetPort(settings: OpenHandsSettings): number {
    return settings.release.generation === Generation.V1 ? PROXY_PORT : APP_PORT;
}

/**
 * The Service's ports: the guide's `3000:3000` on OpenShift; `http` 80 on GKE, and the
 * guide's `ssh` 51963 only when asked for (`exposeSsh`): it is a root-login sshd.
 * Each reaches {@link uiTargetPort}.
 */
export function servicePorts(settings: OpenHandsSettings): ServicePort[] {
    if (settings.profile.serviceType === ServiceType.NodePort) {
        return [{
            name: OPENSHIFT.servicePortName,
            port: APP_PORT,
            targetPort: uiTargetPort(settings),
            protocol: "TCP",
            nodePort: settings.nodePort,
        }];
    }
    const ports: ServicePort[] = [
        { name: "http", port: GKE.httpPort, targetPort: uiTargetPort(settings), protocol: "TCP", nodePort: settings.nodePort },
    ];
    if (settings.sandboxSidecar && settings.exposeSsh) {
        ports.push({ name: "ssh", port: SANDBOX_SSH_PORT, targetPort: SANDBOX_SSH_PORT, protocol: "TCP" });
    }
    return ports;
}

/** The Service in front of the app, selecting the guide's `app` label. */
export function serviceManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.Service {
    return {
        metadata: namespacedMeta(settings, settings.names.service, appSelector(settings)),
        spec: {
            type: settings.profile.serviceType,
            selector: appSelector(settings),
            ports: servicePorts(settings),
            ...(isRestrictedLoadBalancer(settings) ? {
                loadBalancerSourceRanges: [...settings.loadBalancerSourceRanges],
                // Keep the client's address, so the NetworkPolicy can check it too.
                externalTrafficPolicy: "Local",
            } : {}),
        },
    };
}

/** Whether the Service is a load balancer open only to the configured source ranges. */
export function isRestrictedLoadBalancer(settings: OpenHandsSettings): boolean {
    return settings.profile.serviceType === ServiceType.LoadBalancer && settings.loadBalancerSourceRanges.length > 0;
}

/**
 * Admits traffic to the app's pods only on the UI port (the proxy's for 1.x; and the
 * SSH port when it is exposed), from the load balancer's source ranges when they are
 * set. The app's own port and the sandboxes' ports stay inside the pod.
 */
export function networkPolicyManifest(settings: OpenHandsSettings): k8s.types.input.networking.v1.NetworkPolicy {
    const ports = [{ protocol: "TCP", port: uiTargetPort(settings) }];
    if (settings.sandboxSidecar && settings.exposeSsh) ports.push({ protocol: "TCP", port: SANDBOX_SSH_PORT });
    return {
        metadata: namespacedMeta(settings, settings.names.networkPolicy),
        spec: {
            podSelector: { matchLabels: appSelector(settings) },
            policyTypes: ["Ingress", "Egress"],
            ingress: [{
                ports,
                from: isRestrictedLoadBalancer(settings)
                    ? settings.loadBalancerSourceRanges.map((cidr) => ({ ipBlock: { cidr } }))
                    : undefined,
            }],
            egress: egressRules(settings),
        },
    };
}

/** The cloud metadata server: on GKE with Workload Identity it hands out the app's Google identity. */
export const METADATA_CIDR = "169.254.169.254/32";

/** Private and shared address ranges, where pods, Services, nodes and the API server usually are. */
export const CLUSTER_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"];

/**
 * Where the app's pod may not connect: the configured list, else the metadata server and,
 * with a dind daemon, the cluster's ranges too. With the node's Docker socket the app reaches
 * its sandboxes on the node's own address, which lies in those ranges, so only the metadata
 * server is denied there (and the sandboxes, being the node's containers, are outside any
 * pod policy: see docs/security.md).
 */
export function egressDeniedCidrs(settings: OpenHandsSettings): readonly string[] {
    if (settings.egressDeniedCidrs !== undefined) return settings.egressDeniedCidrs;
    return settings.dockerEngine === DockerEngine.Dind ? [METADATA_CIDR, ...CLUSTER_RANGES] : [METADATA_CIDR];
}

/**
 * Egress of the app's pod, which with dind also carries every sandbox's traffic: DNS
 * anywhere, and every address outside the denied ranges (the internet: model APIs,
 * package registries, git hosts).
 */
export function egressRules(settings: OpenHandsSettings): k8s.types.input.networking.v1.NetworkPolicyEgressRule[] {
    const denied = egressDeniedCidrs(settings);
    const v4 = denied.filter((c) => !c.includes(":"));
    const v6 = denied.filter((c) => c.includes(":"));
    return [
        { ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] },
        { to: [
            { ipBlock: { cidr: "0.0.0.0/0", except: v4.length > 0 ? [...v4] : undefined } },
            { ipBlock: { cidr: "::/0", except: v6.length > 0 ? [...v6] : undefined } },
        ] },
    ];
}

/** An OpenShift Route to the Service, TLS terminated at the router, plain HTTP redirected. */
export function routeManifest(settings: OpenHandsSettings): Record<string, unknown> {
    return {
        apiVersion: "route.openshift.io/v1",
        kind: "Route",
        metadata: namespacedMeta(settings, settings.names.app, appSelector(settings)),
        spec: {
            host: settings.routeHost,
            to: { kind: "Service", name: settings.names.service, weight: 100 },
            port: { targetPort: OPENSHIFT.servicePortName },
            tls: { termination: "edge", insecureEdgeTerminationPolicy: "Redirect" },
        },
    };
}
