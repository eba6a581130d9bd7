import type * as k8s from "@pulumi/kubernetes";
import { RbacScope } from "../enums";
import { PRIVILEGED_ROLE_RULES } from "../guide";
import type { OpenHandsSettings } from "../settings/types";
import { clusterMeta, namespacedMeta } from "./metadata";

/** Annotation that ties a Kubernetes ServiceAccount to a Google one (Workload Identity). */
export const WORKLOAD_IDENTITY_ANNOTATION = "iam.gke.io/gcp-service-account";

/** Whether the app needs a Kubernetes API token: only when it has rules to use it for. */
export function needsApiToken(settings: OpenHandsSettings): boolean {
    return settings.rbacScope !== RbacScope.None;
}

/**
 * The dedicated ServiceAccount the app runs as. Its token is mounted only when
 * the app has API rules; with `gcpServiceAccount` it is annotated for Workload Identity.
 */
export function serviceAccountManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.ServiceAccount {
    const metadata = namespacedMeta(settings, settings.serviceAccountName);
    return {
        metadata: settings.gcpServiceAccount === undefined
            ? metadata
            : { ...metadata, annotations: { [WORKLOAD_IDENTITY_ANNOTATION]: settings.gcpServiceAccount } },
        // Never mounted into every container: the app alone gets a projected token (see workload.ts).
        automountServiceAccountToken: false,
    };
}

function rules(): k8s.types.input.rbac.v1.PolicyRule[] {
    return PRIVILEGED_ROLE_RULES.map((rule) => ({
        apiGroups: [...rule.apiGroups],
        resources: [...rule.resources],
        verbs: [...rule.verbs],
    }));
}

function subjects(settings: OpenHandsSettings): k8s.types.input.rbac.v1.Subject[] {
    return [{ kind: "ServiceAccount", name: settings.serviceAccountName, namespace: settings.namespace }];
}

/** The guide's ClusterRole `privileged-role`, with exactly its four rules (`rbacScope: cluster`). */
export function clusterRoleManifest(settings: OpenHandsSettings): k8s.types.input.rbac.v1.ClusterRole {
    return { metadata: clusterMeta(settings.names.clusterRole), rules: rules() };
}

/** Binds the ClusterRole to the app's ServiceAccount (not to every pod of `default`). */
export function clusterRoleBindingManifest(settings: OpenHandsSettings): k8s.types.input.rbac.v1.ClusterRoleBinding {
    return {
        metadata: clusterMeta(settings.names.clusterRoleBinding),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: settings.names.clusterRole },
        subjects: subjects(settings),
    };
}

/**
 * Binds the guide's ClusterRole to the app's ServiceAccount in the app's namespace only
 * (`rbacScope: namespace`): the guide's shape, with its rules granted nowhere else.
 */
export function roleBindingManifest(settings: OpenHandsSettings): k8s.types.input.rbac.v1.RoleBinding {
    return {
        metadata: namespacedMeta(settings, settings.names.roleBinding),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: settings.names.clusterRole },
        subjects: subjects(settings),
    };
}

/**
 * Lets the app's ServiceAccount use an OpenShift SCC, through the ClusterRole
 * `system:openshift:scc:<name>` that OpenShift 4 defines for each SCC.
 */
export function sccRoleBindingManifest(settings: OpenHandsSettings, scc: string): k8s.types.input.rbac.v1.RoleBinding {
    return {
        metadata: namespacedMeta(settings, `${settings.names.app}-scc-${scc}`),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `system:openshift:scc:${scc}` },
        subjects: subjects(settings),
    };
}
