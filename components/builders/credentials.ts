import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GKE, LLM_SECRET } from "../guide";
import type { OpenHandsSettings } from "../settings/types";
import { namespacedMeta } from "./metadata";

/**
 * Secret `google-cloud-key` (the guide's name) with the one key `key.json`, as
 * `kubectl create secret generic google-cloud-key --from-file=key.json=...` makes it.
 * The key is wrapped as a Pulumi secret whatever the caller passed.
 */
export function credentialsSecretManifest(
    settings: OpenHandsSettings, keyJson: pulumi.Input<string>,
): k8s.types.input.core.v1.Secret {
    return {
        metadata: namespacedMeta(settings, settings.names.googleCredentialsSecret),
        type: "Opaque",
        stringData: { [GKE.credentialsSecretKey]: pulumi.secret(keyJson) },
    };
}

/** Secret `openhands-llm` (or `<name>-llm`) holding `LLM_API_KEY` under `api-key`, read by the app's env. */
export function llmSecretManifest(settings: OpenHandsSettings, apiKey: pulumi.Input<string>): k8s.types.input.core.v1.Secret {
    return {
        metadata: namespacedMeta(settings, settings.names.llmSecret),
        type: "Opaque",
        stringData: { [LLM_SECRET.key]: pulumi.secret(apiKey) },
    };
}
