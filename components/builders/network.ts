import type * as k8s from "@pulumi/kubernetes";
import { cidrContains, CLUSTER_RANGES, deniedEgress, isWholeFamily, METADATA_CIDR, urlEndpoint } from "../cidr";

export { CLUSTER_RANGES, METADATA_CIDR };
import { DockerEngine, ServiceType } from "../enums";
import { APP_PORT, GKE, OPENSHIFT, SANDBOX_SSH_PORT } from "../guide";
import { Generation } from "../releases";
import type { OpenHandsSettings } from "../settings/types";
import { PROXY_PORT } from "./access";
import { appSelector, NAMESPACE_NAME_LABEL, namespacedMeta } from "./metadata";

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
 * Each reaches {@link uiTargetPort}. The same ports when the Service is ClusterIP (port-forward).
 */
export function servicePorts(settings: OpenHandsSettings): ServicePort[] {
    // A ClusterIP Service (port-forward) has no node port: the API server refuses one.
    const nodePort = settings.serviceType === ServiceType.ClusterIP ? undefined : settings.nodePort;
    if (settings.profile.serviceType === ServiceType.NodePort) {
        return [{
            name: OPENSHIFT.servicePortName,
            port: APP_PORT,
            targetPort: uiTargetPort(settings),
            protocol: "TCP",
            nodePort,
        }];
    }
    const ports: ServicePort[] = [
        { name: "http", port: GKE.httpPort, targetPort: uiTargetPort(settings), protocol: "TCP", nodePort },
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
            type: settings.serviceType,
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
    return settings.serviceType === ServiceType.LoadBalancer && settings.loadBalancerSourceRanges.length > 0;
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
                    ? [
                        ...settings.loadBalancerSourceRanges.map((cidr) => ({ ipBlock: { cidr } })),
                        // The pods mode's sandboxes call the app back (webhooks) through its Service.
                        ...(settings.sandboxNamespace !== undefined
                            ? [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: settings.sandboxNamespace } } }] : []),
                    ]
                    : undefined,
            }],
            egress: egressRules(settings),
        },
    };
}

/** Where the app's pod may not connect (see {@link deniedEgress}). */
export function egressDeniedCidrs(settings: OpenHandsSettings): readonly string[] {
    return deniedEgress(settings.egressDeniedCidrs, settings.dockerEngine === DockerEngine.Dind);
}

/**
 * Egress of the app's pod, which with dind also carries every sandbox's traffic: DNS
 * anywhere, and every address outside the denied ranges (the internet: model APIs,
 * package registries, git hosts).
 */
export function egressRules(settings: OpenHandsSettings): k8s.types.input.networking.v1.NetworkPolicyEgressRule[] {
    const rules = internetEgress(egressDeniedCidrs(settings));
    if (settings.gcpServiceAccount !== undefined) rules.push(...GKE_METADATA_SERVER_RULES);
    const llm = llmEndpointToAllow(settings);
    if (llm !== undefined) rules.push({ to: [{ ipBlock: { cidr: llm.cidr } }], ports: [{ protocol: "TCP", port: llm.port }] });
    return rules;
}

/** Egress to DNS anywhere, and to every address outside `denied`. */
export function internetEgress(denied: readonly string[]): k8s.types.input.networking.v1.NetworkPolicyEgressRule[] {
    const blocks: k8s.types.input.networking.v1.NetworkPolicyPeer[] = [];
    for (const [whole, family] of [["0.0.0.0/0", denied.filter((c) => !c.includes(":"))], ["::/0", denied.filter((c) => c.includes(":"))]] as const) {
        // A family denied whole gets no block: `except` may not be the whole CIDR, which the API server refuses.
        if (family.some(isWholeFamily)) continue;
        blocks.push({ ipBlock: { cidr: whole, except: family.length > 0 ? [...family] : undefined } });
    }
    // An empty `to` would allow every destination: with both families denied whole, only DNS and the exceptions below remain.
    const rules: k8s.types.input.networking.v1.NetworkPolicyEgressRule[] = [
        { ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] },
        ...(blocks.length > 0 ? [{ to: blocks }] : []),
    ];
    return rules;
}

/**
 * What a pod with a Google identity (Workload Identity) must reach under a strict egress policy,
 * as GKE's documentation of its metadata server says: 169.254.169.252/32 on TCP 988, and on GKE
 * Dataplane V2 (the clusters this stack creates) 169.254.169.254/32 on TCP 80. The node pools
 * run the GKE metadata server (`GKE_METADATA`), which answers on those addresses instead of the
 * node's own metadata server: the node's credentials stay out of reach, and every other port of
 * the metadata addresses stays denied.
 * https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity
 */
export const GKE_METADATA_SERVER_RULES: readonly k8s.types.input.networking.v1.NetworkPolicyEgressRule[] = [
    { to: [{ ipBlock: { cidr: "169.254.169.252/32" } }], ports: [{ protocol: "TCP", port: 988 }] },
    { to: [{ ipBlock: { cidr: METADATA_CIDR } }], ports: [{ protocol: "TCP", port: 80 }] },
];

/**
 * The LLM endpoint the user named by address (`llmBaseUrl` with an IP literal) when the egress
 * policy would otherwise deny it: allowed on its port alone, since the user said where the model is.
 */
export function llmEndpointToAllow(settings: OpenHandsSettings): { readonly cidr: string; readonly port: number } | undefined {
    const endpoint = urlEndpoint(settings.llmBaseUrl);
    if (endpoint === undefined || !endpoint.isAddress) return undefined;
    if (!egressDeniedCidrs(settings).some((range) => cidrContains(range, endpoint.host))) return undefined;
    return { cidr: `${endpoint.host}/${endpoint.host.includes(":") ? 128 : 32}`, port: endpoint.port };
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
