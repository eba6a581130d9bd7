// Labels the stack writes, as plain values: a leaf module (enums only), so the settings catalog's
// defaults and every builder can use them without a circle.
import { Platform } from "./enums";

/** Label every object of the stack carries, so `kubectl get -l` finds them all. */
export const PART_OF_LABEL = { "app.kubernetes.io/part-of": "openhands" } as const;

/** The label every namespace carries with its own name (Kubernetes sets it), for namespace selectors. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * Pod Security `restricted`, enforced, warned and audited, for a namespace whose every pod passes
 * it (the pods mode's sandbox namespace, agent-sandbox's). On OpenShift its label syncer would
 * otherwise rewrite the levels after the SCCs the namespace's accounts may use.
 */
export function restrictedNamespaceLabels(platform?: Platform): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const mode of ["enforce", "warn", "audit"]) {
        labels[`pod-security.kubernetes.io/${mode}`] = "restricted";
        labels[`pod-security.kubernetes.io/${mode}-version`] = "latest";
    }
    if (platform === Platform.OpenShift) labels["security.openshift.io/scc.podSecurityLabelSync"] = "false";
    return labels;
}
