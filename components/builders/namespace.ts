import type * as k8s from "@pulumi/kubernetes";
import type { OpenHandsSettings } from "../settings/types";
import { clusterMeta } from "./metadata";

/** The namespace the stack lives in, with its PodSecurity admission `labels`. */
export function namespaceManifest(settings: OpenHandsSettings, labels: Record<string, string>): k8s.types.input.core.v1.Namespace {
    return { metadata: clusterMeta(settings.namespace, labels) };
}

