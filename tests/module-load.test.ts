/**
 * An OpenShift deployment never loads @pulumi/gcp (an optional peer of the package), while a
 * GKE deployment that creates its cluster loads only the GCP modules it uses.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { GKE_PROJECT, OPENSHIFT_NODE, projectDefaults, ROOT, runStack, stackFileConfig } from "./support/stack";

/** The @pulumi packages among `modules`. */
function pulumiPackages(modules: string[]): string[] {
    return [...new Set(modules.map((m) => /node_modules\/(@pulumi\/[^/]+)\//.exec(m)?.[1]).filter((p) => p !== undefined))].sort();
}

/**
 * The modules a fresh Node.js process has loaded after running the program under mocks with the
 * openshift stack's config (this process has loaded every test file's imports, so it cannot tell).
 */
function openshiftProgramModules(): string[] {
    const config = { ...projectDefaults(), ...stackFileConfig("openshift"), ...OPENSHIFT_NODE };
    const script = `
        const pulumi = require("@pulumi/pulumi");
        pulumi.runtime.setMocks({
            newResource: (args) => ({ id: args.name + "-id", state: args.inputs }),
            call: (args) => args.inputs,
        }, "openhands", "openshift", false);
        pulumi.runtime.setAllConfig(${JSON.stringify(config)}, []);
        pulumi.runtime.runInPulumiStack(require("./index")).then(() => {
            process.stdout.write(JSON.stringify(Object.keys(require.cache)));
        }, (err) => { console.error(err); process.exit(1); });`;
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" });
    return (JSON.parse(out) as string[]).map((file) => path.relative(ROOT, file));
}

describe("module loading", () => {
    it("the openshift stack loads nothing of @pulumi/gcp", function () {
        this.timeout(60000);
        const modules = openshiftProgramModules();
        assert.ok(modules.includes("components/openhands.ts"), "the program ran the component");
        assert.deepStrictEqual(pulumiPackages(modules), ["@pulumi/kubernetes", "@pulumi/pulumi"]);
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
});
