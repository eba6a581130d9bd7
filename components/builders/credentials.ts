import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GKE } from "../guide";
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
