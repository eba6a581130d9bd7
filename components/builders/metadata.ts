import * as k8s from "@pulumi/kubernetes";
import { OpenHandsSettings } from "../config/resolve";

/** Label every object of the stack carries, so `kubectl get -l` finds them all. */
export const PART_OF_LABEL = { "app.kubernetes.io/part-of": "openhands" } as const;

/** The guide's `app: openhands-app-2024` label: the workload's pods and the Service selector. */
export function appSelector(settings: OpenHandsSettings): Record<string, string> {
    return { app: settings.appName };
}

/** Metadata of a namespaced object: exact name, the stack's namespace, the part-of label. */
export function namespacedMeta(
    settings: OpenHandsSettings, name: string, labels: Record<string, string> = {},
): k8s.types.input.meta.v1.ObjectMeta {
    return { name, namespace: settings.namespace, labels: { ...PART_OF_LABEL, ...labels } };
}

/** Metadata of a cluster-scoped object: exact name and the part-of label. */
export function clusterMeta(name: string, labels: Record<string, string> = {}): k8s.types.input.meta.v1.ObjectMeta {
    return { name, labels: { ...PART_OF_LABEL, ...labels } };
}
