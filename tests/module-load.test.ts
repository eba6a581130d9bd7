/**
 * What the program loads, and when: an OpenShift deployment never pays for the GCP SDK, and
 * the program asks for the Kubernetes provider before it loads its heavy modules.
 */
import * as assert from "assert";
import * as path from "path";
import { openshiftProgramModules } from "./support/fresh-process";
import { GKE_PROJECT, ROOT, runStack } from "./support/stack";

/** The @pulumi packages among `modules`. */
function pulumiPackages(modules: string[]): string[] {
    return [...new Set(modules.map((m) => /node_modules\/(@pulumi\/[^/]+)\//.exec(m)?.[1]).filter((p) => p !== undefined))].sort();
}

/** The modules whose loading the provider's start overlaps: the SDKs' indexes, the component, the deploy step. */
const HEAVY = ["node_modules/@pulumi/pulumi/index.js", "node_modules/@pulumi/pulumi/automation/index.js",
    "node_modules/@pulumi/kubernetes/index.js", "components/openhands.ts", "program/deploy.ts"];

describe("module loading", () => {
    it("the openshift stack loads nothing of @pulumi/gcp", async () => {
        assert.deepStrictEqual(pulumiPackages((await openshiftProgramModules).atEnd), ["@pulumi/kubernetes", "@pulumi/pulumi"]);
    });

    it("the gke stack with a cluster loads @pulumi/gcp (the check above would see it), but not its index of every namespace", async () => {
        // In this process: whatever else ran here, a gke run leaves @pulumi/gcp loaded. No test
        // file imports @pulumi/gcp, so its index is loaded only if the component imports it.
        await runStack("gke", GKE_PROJECT);
        const here = Object.keys(require.cache).map((file) => path.relative(ROOT, file));
        assert.ok(pulumiPackages(here).includes("@pulumi/gcp"));
        assert.ok(here.includes("node_modules/@pulumi/gcp/container/cluster.js"), "the Cluster module is loaded");
        assert.ok(!here.includes("node_modules/@pulumi/gcp/index.js"),
            "@pulumi/gcp's index loads all of its ~150 namespaces; the GKE modules import the three they use");
    });

    it("loads the SDK's index without its code-path module and npm's dependency-tree reader (program/lazy-code-paths.ts)", async () => {
        const { atEnd } = await openshiftProgramModules;
        assert.ok(atEnd.includes("node_modules/@pulumi/pulumi/runtime/index.js"), "the SDK's runtime index is loaded");
        assert.deepStrictEqual(atEnd.filter((module) => module.startsWith("node_modules/@npmcli/arborist/")), []);
    });

    it("reads and checks the config, then asks for the Kubernetes provider, before loading the heavy modules", async () => {
        const { atFirstCall, atEnd } = await openshiftProgramModules;
        assert.ok(atFirstCall, "the openshift program calls the Kubernetes provider");
        for (const light of ["components/config/stack-config.ts", "components/preflight.ts", "program/provider-prefetch.ts"]) {
            assert.ok(atFirstCall.includes(light), `${light} runs before the provider call`);
        }
        assert.deepStrictEqual(HEAVY.filter((module) => atFirstCall.includes(module)), [],
            "loaded before the provider call; components/sdk.ts names what the light part may use");
        assert.deepStrictEqual(HEAVY.filter((module) => !atEnd.includes(module)), [], "every heavy module is loaded by the end");
    });
});
