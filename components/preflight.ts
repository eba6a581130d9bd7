/**
 * Everything the OpenHands component checks before it registers anything: its args
 * resolved against the platform profile and the release (every value problem at once),
 * then the pod-security level asked for against the pods the stack will run. Pure: the
 * component runs it before it registers itself or any child.
 */
import type { OpenHandsArgs } from "./args";
import { podSecurityLevelProblem } from "./checks/namespace-security";
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
    throwIfProblems([podSecurityLevelProblem(resolved.settings)]);
    return resolved;
}
