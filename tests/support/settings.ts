/** Settings as the stacks resolve them, for the pure builders' tests. */
import type { OpenHandsArgs } from "../../components/args";
import { resolveSettings } from "../../components/settings/resolve";
import type { OpenHandsSettings } from "../../components/settings/types";

/** Args a test gives: the platform and whatever it changes; closed sets as plain strings. */
export type TestArgs = Omit<Partial<Record<keyof OpenHandsArgs, unknown>>, "platform"> & { readonly platform: string };

/** The settings of a component named `openhands` with the guide's names (as both stacks use), plus `args`. */
export function settingsFor(args: TestArgs, name = "openhands"): OpenHandsSettings {
    return resolveSettings(name, { guideNames: true, ...args } as OpenHandsArgs).settings;
}

/** The warnings resolving `args` gives. */
export function warningsFor(args: TestArgs, name = "openhands"): readonly string[] {
    return resolveSettings(name, { guideNames: true, ...args } as OpenHandsArgs).warnings;
}
