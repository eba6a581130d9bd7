/** What the program loads: an OpenShift deployment never pays for the GCP SDK. */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { ROOT } from "./support/stack";

/** Runs a stack under mocks in a fresh Node.js process and lists the @pulumi packages it loaded. */
function packagesLoadedBy(stack: string, config: Record<string, string>): string[] {
    const script = `
        const { runStack } = require("./tests/support/stack");
        runStack(${JSON.stringify(stack)}, ${JSON.stringify(config)}).then(() => {
            const names = Object.keys(require.cache).map((f) => (f.match(/node_modules\\/(@pulumi\\/[^/]+)\\//) || [])[1]).filter(Boolean);
            console.log(JSON.stringify([...new Set(names)].sort()));
        });`;
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" });
    assert.strictEqual(run.status, 0, run.stderr);
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "[]") as string[];
}

describe("module loading", () => {
    it("the openshift stack loads nothing of @pulumi/gcp", () => {
        assert.deepStrictEqual(packagesLoadedBy("openshift", {}), ["@pulumi/kubernetes", "@pulumi/pulumi"]);
    });

    it("the gke stack with a cluster loads @pulumi/gcp", () => {
        assert.ok(packagesLoadedBy("gke", { "gcp:project": "demo-project" }).includes("@pulumi/gcp"));
    });
});
