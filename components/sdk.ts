/**
 * The parts of @pulumi/pulumi that the stack-config reader, the settings, the checks and the
 * builders use, taken from the SDK's own modules rather than its index: the index also loads
 * the Automation API and the runtime's index (with it, unless program/lazy-code-paths.ts defers
 * it, npm's dependency-tree reader: about 0.4 s of a preview). The program reads and checks its config with
 * these modules alone, then asks for the Kubernetes provider, so that the engine starts the
 * provider while Node.js loads the index, @pulumi/kubernetes and the component (index.ts).
 * The modules that register resources use the index as usual.
 */
export { all, output, Output, secret, type Input } from "@pulumi/pulumi/output";
export { RunError } from "@pulumi/pulumi/errors";
export { allConfig } from "@pulumi/pulumi/runtime/config";
