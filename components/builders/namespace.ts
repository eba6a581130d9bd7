import * as k8s from "@pulumi/kubernetes";
import { OpenHandsSettings } from "../config/resolve";
import { clusterMeta } from "./metadata";

/** The namespace the stack lives in. */
export function namespaceManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.Namespace {
    return { metadata: clusterMeta(settings.namespace) };
}
