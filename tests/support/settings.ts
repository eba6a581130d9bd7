/** Settings as the stacks resolve them, for the pure builders' tests. */
import * as pulumi from "@pulumi/pulumi";
import type { FlatArgs, OpenHandsArgs } from "../../components/args";
import { resolveSettings } from "../../components/settings/resolve";
import type { OpenHandsSettings } from "../../components/settings/types";

/** Args a test gives: the platform and whatever it changes; closed sets as plain strings. */
export type TestArgs = Omit<Partial<Record<keyof FlatArgs, unknown>>, "platform"> & { readonly platform: string };

/** The node an openshift test names unless it names another (openshift's hostPath data needs one). */
export const TEST_NODE = "worker-1";

/** `args` with the guide's names and, on openshift, {@link TEST_NODE} unless given. */
function withDefaults(args: TestArgs): OpenHandsArgs {
    const node = args.platform === "openshift" && !("nodeName" in args) ? { nodeName: TEST_NODE } : {};
    return { guideNames: true, ...node, ...args } as unknown as OpenHandsArgs;
}

/** The settings of a component named `openhands` with the guide's names (as both stacks use), plus `args`. */
export function settingsFor(args: TestArgs, name = "openhands"): OpenHandsSettings {
    return resolveSettings(name, withDefaults(args)).settings;
}

/** The warnings resolving `args` gives. */
export function warningsFor(args: TestArgs, name = "openhands"): readonly string[] {
    return resolveSettings(name, withDefaults(args)).warnings;
}

/**
 * A builder's output read as the plain value it is when every arg was plain: throws if
 * any Output or Promise hides inside, so the builders' plainness is itself tested.
 */
export function known<T>(value: T): pulumi.Unwrap<T> {
    const walk = (v: unknown, at: string): void => {
        if (pulumi.Output.isInstance(v) || v instanceof Promise) throw new Error(`${at} is not plain`);
        if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
    };
    walk(value, "value");
    return value as pulumi.Unwrap<T>;
}
