/**
 * Everything the OpenHands component checks before it registers anything: its args
 * resolved against the platform profile and the release (every value problem at once),
 * then what only the built objects show: the pod-security level asked for against the pods
 * the stack will run, the Secrets' sizes, and whether the pod fits a node of the cluster the
 * stack creates. Pure: the component runs it before it registers itself or any child.
 */
import type { OpenHandsArgs } from "./args";
import { nodeFitProblem, secretSizeProblems } from "./checks/cluster-limits";
import { podSecurityLevelProblem } from "./checks/namespace-security";
import { GKE_CLUSTER_SETTINGS } from "./settings/catalog";
import { type Resolved, resolveSettings } from "./settings/resolve";
import { throwIfProblems } from "./settings/validate";

/**
 * The component's settings for `args`, or an InvalidSettingsError naming every problem.
 * A value known only later (an Output) is checked when it becomes known, as the component does.
 *
 * @param name the component's name, which the Kubernetes names derive from
 * @param args the component's args
 */
export function preflight(name: string, args: OpenHandsArgs): Resolved {
    const resolved = resolveSettings(name, args);
    const cluster = args.gke?.cluster;
    const machineType = cluster === undefined ? undefined : cluster.machineType ?? GKE_CLUSTER_SETTINGS.machineType.default;
    throwIfProblems([
        podSecurityLevelProblem(resolved.settings),
        ...secretSizeProblems(resolved.settings),
        typeof machineType === "string" ? nodeFitProblem(resolved.settings, machineType) : undefined,
    ]);
    return resolved;
}
