/**
 * The Pulumi program: reads the stack's config, deploys the OpenHands component (which
 * creates the GKE cluster first when the stack asks for one) and returns the stack
 * outputs. Exported as a function so the tests can run it once per stack file.
 *
 * In two parts, so that a preview does not wait for the Kubernetes provider to start:
 * first the config is read and checked with light modules only (components/sdk.ts), and
 * the engine is asked for the provider (program/provider-prefetch.ts); then
 * program/deploy.ts, with @pulumi/kubernetes and the component, is loaded and run while
 * the provider starts. Bad config stops the run in the first part, before any of that.
 * Before either part, the SDK's code-path module is set to load on first use
 * (program/lazy-code-paths.ts): the program never uses it, and it is half of the SDK's load.
 */
import { readStackConfig } from "./components/config/stack-config";
import { preflight } from "./components/preflight";
import { InvalidSettingsError } from "./components/settings/validate";
import type { StackOutputs } from "./program/deploy";
import { loadSdkCodePathsOnFirstUse } from "./program/lazy-code-paths";
import { prefetchKubernetesProvider, usesDefaultKubernetesProvider } from "./program/provider-prefetch";
import { recordPromiseStacksOnlyWhenDebugging } from "./program/promise-stacks";

/** The component's name (Kubernetes names derive from it). */
const NAME = "openhands";

/** Runs the program; bad config stops it before it registers anything or asks the engine for a provider. */
async function main(): Promise<StackOutputs> {
    loadSdkCodePathsOnFirstUse();
    recordPromiseStacksOnlyWhenDebugging();
    const stack = readStackConfig();
    try {
        preflight(NAME, stack.args);
        if (usesDefaultKubernetesProvider(stack)) await prefetchKubernetesProvider();
        const { deploy } = await import("./program/deploy");
        return deploy(NAME, stack);
    } catch (err) {
        // The component names its args; the user wrote stack keys.
        throw err instanceof InvalidSettingsError ? stack.renameKeys(err) : err;
    }
}

export = main;
