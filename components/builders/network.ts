import type * as k8s from "@pulumi/kubernetes";
import { ServiceType } from "../enums";
import { APP_PORT, GKE, OPENSHIFT, SANDBOX_SSH_PORT } from "../guide";
import type { OpenHandsSettings } from "../settings/types";
import { appSelector, namespacedMeta } from "./metadata";

type ServicePort = k8s.types.input.core.v1.ServicePort;

/**
 * The Service's ports: the guide's `3000:3000` on OpenShift; `http` 80 on GKE, and the
 * guide's `ssh` 51963 only when asked for (`exposeSsh`): it is a root-login sshd.
 */
export function servicePorts(settings: OpenHandsSettings): ServicePort[] {
    if (settings.profile.serviceType === ServiceType.NodePort) {
        return [{
            name: OPENSHIFT.servicePortName,
            port: APP_PORT,
            targetPort: APP_PORT,
            protocol: "TCP",
            nodePort: settings.nodePort,
        }];
    }
    const ports: ServicePort[] = [
        { name: "http", port: GKE.httpPort, targetPort: APP_PORT, protocol: "TCP", nodePort: settings.nodePort },
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
 * Admits traffic to the app's pods only on the UI port (and the SSH port when it is
 * exposed), from the load balancer's source ranges when they are set. The sandbox
 * port stays inside the pod; traffic the pod starts is not limited.
 */
export function networkPolicyManifest(settings: OpenHandsSettings): k8s.types.input.networking.v1.NetworkPolicy {
    const ports = [{ protocol: "TCP", port: APP_PORT }];
    if (settings.sandboxSidecar && settings.exposeSsh) ports.push({ protocol: "TCP", port: SANDBOX_SSH_PORT });
    return {
        metadata: namespacedMeta(settings, settings.names.networkPolicy),
        spec: {
            podSelector: { matchLabels: appSelector(settings) },
            policyTypes: ["Ingress"],
            ingress: [{
                ports,
                from: isRestrictedLoadBalancer(settings)
                    ? settings.loadBalancerSourceRanges.map((cidr) => ({ ipBlock: { cidr } }))
                    : undefined,
            }],
        },
    };
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
