import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { OpenHandsSettings } from "../settings/types";
import { PART_OF_LABEL } from "../labels";

export { NAMESPACE_NAME_LABEL, PART_OF_LABEL } from "../labels";

/** The guide's `app: openhands-app-2024` label: the workload's pods and the Service selector. */
export function appSelector(settings: OpenHandsSettings): Record<string, string> {
    return { app: settings.names.app };
}

/** Metadata of a namespaced object: exact name, the stack's namespace, the part-of label. */
export function namespacedMeta(
    settings: OpenHandsSettings, name: pulumi.Input<string>, labels: Record<string, string> = {},
): k8s.types.input.meta.v1.ObjectMeta {
    return { name, namespace: settings.namespace, labels: { ...PART_OF_LABEL, ...labels } };
}

/** Metadata of a cluster-scoped object: exact name and the part-of label. */
export function clusterMeta(name: k8s.types.input.meta.v1.ObjectMeta["name"], labels: Record<string, string> = {}): k8s.types.input.meta.v1.ObjectMeta {
    return { name, labels: { ...PART_OF_LABEL, ...labels } };
}
