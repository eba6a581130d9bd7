/**
 * The sandbox namespace of the pods mode, as Kubernetes objects (pure): the namespace itself,
 * enforcing Pod Security `restricted`; a ResourceQuota that caps the sandboxes and their
 * storage; and the NetworkPolicy that admits traffic to a sandbox only from the adapter and
 * lets it reach the internet and the app's webhooks, not the cluster's private ranges or the
 * metadata server.
 */
import type * as k8s from "@pulumi/kubernetes";
import { deniedEgress } from "../cidr";
import { PROXY_PORT } from "../builders/access";
import { appSelector, NAMESPACE_NAME_LABEL, PART_OF_LABEL } from "../builders/metadata";
import { restrictedNamespaceLabels } from "../labels";
import { internetEgress } from "../builders/network";
import { parseStorageQuantity } from "../quantities";
import type { OpenHandsSettings } from "../settings/types";
import { adapterSelector, sandboxNamespaceOf } from "./adapter";

/** The ports of a sandbox pod the adapter's route reaches: agent-server, VS Code, the two workers. */
export const SANDBOX_PORTS: readonly number[] = [60000, 60001, 12000, 12001];

/** The sandbox namespace: Pod Security `restricted` enforced, warned and audited. */
export function sandboxNamespaceManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.Namespace {
    return { metadata: { name: sandboxNamespaceOf(settings), labels: { ...PART_OF_LABEL, ...restrictedNamespaceLabels(settings.profile.platform) } } };
}

/** `quantity` times `n`, as whole mebibytes (or undefined when it is not a quantity). */
function times(quantity: string, n: number): string | undefined {
    const bytes = parseStorageQuantity(quantity);
    return bytes === undefined ? undefined : `${Math.ceil((bytes * n) / 2 ** 20)}Mi`;
}

/**
 * The caps, enforced by the API server whatever asks: pods (running sandboxes), claims (one per
 * running or paused sandbox), and the storage those claims request. Sandboxes themselves are not
 * counted: the quota controller counts a custom resource only once it has discovered it, and until
 * then the API server refuses every create in the namespace ("status unknown for quota").
 */
export function sandboxQuotaManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.ResourceQuota {
    const storage = times(settings.sandboxStorageSize, settings.maxSandboxVolumes);
    return {
        metadata: { name: "sandboxes", namespace: sandboxNamespaceOf(settings), labels: { ...PART_OF_LABEL } },
        spec: {
            hard: {
                pods: String(settings.maxSandboxes),
                persistentvolumeclaims: String(settings.maxSandboxVolumes),
                ...(storage === undefined ? {} : { "requests.storage": storage }),
            },
        },
    };
}

/** Where a sandbox may not connect: the configured ranges, else the cluster's private ranges and the metadata server. */
export function sandboxDeniedEgress(settings: OpenHandsSettings): readonly string[] {
    return deniedEgress(settings.egressDeniedCidrs, true);
}

/**
 * Every pod of the sandbox namespace: traffic in only from the adapter's pods (the browser's and
 * the app's route), on the sandbox ports; traffic out to DNS, to the app's proxy port (webhooks),
 * and to every address outside the denied ranges.
 */
export function sandboxNetworkPolicyManifest(settings: OpenHandsSettings): k8s.types.input.networking.v1.NetworkPolicy {
    const appNamespace = { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: settings.namespace } } };
    return {
        metadata: { name: "sandboxes", namespace: sandboxNamespaceOf(settings), labels: { ...PART_OF_LABEL } },
        spec: {
            podSelector: {},
            policyTypes: ["Ingress", "Egress"],
            ingress: [{
                from: [{ ...appNamespace, podSelector: { matchLabels: adapterSelector(settings) } }],
                ports: SANDBOX_PORTS.map((port) => ({ protocol: "TCP", port })),
            }],
            egress: [
                ...internetEgress(sandboxDeniedEgress(settings)),
                { to: [{ ...appNamespace, podSelector: { matchLabels: appSelector(settings) } }], ports: [{ protocol: "TCP", port: PROXY_PORT }] },
            ],
        },
    };
}

