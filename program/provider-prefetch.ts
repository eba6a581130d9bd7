/**
 * Asks the engine for the Kubernetes provider before the program loads its heavy modules.
 *
 * The engine launches a provider plugin only when the program first needs it, and configures
 * it before it answers: the Kubernetes provider is a large Go binary that takes 0.2-0.5 s to
 * serve and configure. This program registers its first Kubernetes object only after Node.js
 * has loaded @pulumi/pulumi's index, @pulumi/kubernetes and the component (another 0.6 s or
 * so), so a preview paid both, one after the other. A call to the stack's default Kubernetes
 * provider that does nothing (decoding an empty YAML text) makes the engine start that same
 * provider while Node.js is still loading. It registers nothing, and the provider is the one
 * the stack's objects use anyway (`default_<version>`, the version @pulumi/kubernetes names).
 */
import { invoke } from "@pulumi/pulumi/runtime/invoke";
import type { StackConfig } from "../components/config/stack-config";

/**
 * Whether the stack's Kubernetes objects go through the engine's default Kubernetes provider:
 * not when the component creates a GKE cluster (they use that cluster's own provider), and not
 * when the program renders YAML (they use a rendering provider).
 */
export function usesDefaultKubernetesProvider(stack: StackConfig): boolean {
    return stack.args.cluster === undefined && stack.renderYamlToDirectory === undefined;
}

/** The version of @pulumi/kubernetes, the version of the default provider its resources ask for. */
export function kubernetesSdkVersion(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("@pulumi/kubernetes/package.json") as { version: string }).version.replace(/^v/, "");
}

/** The call that starts the provider: a no-op of the Kubernetes provider's own. */
export const PREFETCH_CALL = "kubernetes:yaml:decode";

/**
 * Sends the no-op call and resolves once the SDK has handed it to the engine (one turn of
 * the event loop: the module loading that follows is synchronous and would hold it back).
 * Its answer is not awaited; if the provider cannot start, the stack's first Kubernetes
 * object fails with the engine's own message, as it would without this call.
 */
export async function prefetchKubernetesProvider(): Promise<void> {
    invoke(PREFETCH_CALL, { text: "" }, { version: kubernetesSdkVersion() }).catch(() => undefined);
    await new Promise<void>((resolve) => setImmediate(resolve));
}
