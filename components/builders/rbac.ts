import * as k8s from "@pulumi/kubernetes";
import { GKE, PRIVILEGED_ROLE_RULES } from "../defaults";
import { OpenHandsSettings } from "../config/resolve";
import { clusterMeta, namespacedMeta } from "./metadata";

/** The dedicated ServiceAccount the app runs as, unless the user names an existing one. */
export function serviceAccountManifest(settings: OpenHandsSettings, name: string): k8s.types.input.core.v1.ServiceAccount {
    return { metadata: namespacedMeta(settings, name) };
}

/** The guide's ClusterRole `privileged-role`, with exactly its four rules. */
export function clusterRoleManifest(): k8s.types.input.rbac.v1.ClusterRole {
    return {
        metadata: clusterMeta(GKE.clusterRoleName),
        rules: PRIVILEGED_ROLE_RULES.map((rule) => ({
            apiGroups: [...rule.apiGroups],
            resources: [...rule.resources],
            verbs: [...rule.verbs],
        })),
    };
}

/** Binds the ClusterRole to the ServiceAccount the app runs as (not to every pod of `default`). */
export function clusterRoleBindingManifest(
    settings: OpenHandsSettings, serviceAccountName: string,
): k8s.types.input.rbac.v1.ClusterRoleBinding {
    return {
        metadata: clusterMeta(GKE.clusterRoleBindingName),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: GKE.clusterRoleName },
        subjects: [{ kind: "ServiceAccount", name: serviceAccountName, namespace: settings.namespace }],
    };
}
