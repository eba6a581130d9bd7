import * as k8s from "@pulumi/kubernetes";
import { OpenHandsSettings } from "../config/resolve";
import { podSecurityLabels } from "../security/namespace-security";
import { clusterMeta } from "./metadata";

/** The namespace the stack lives in, labelled for PodSecurity admission. */
export function namespaceManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.Namespace {
    return { metadata: clusterMeta(settings.namespace, podSecurityLabels(settings)) };
}
