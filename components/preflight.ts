/**
 * Everything the OpenHands component checks before it registers anything: its args
 * resolved against the platform profile and the release (every value problem at once),
 * then the pod-security level asked for against the pods the stack will run. Pure, and
 * free of the modules that register resources, so a program can refuse bad args before
 * it loads those (index.ts does, before it asks the engine for the Kubernetes provider).
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
