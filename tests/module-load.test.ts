/** What the program loads: an OpenShift deployment never pays for the GCP SDK. */
import * as assert from "assert";
import { execFile } from "child_process";
import { ROOT } from "./support/stack";

/** Runs a stack under mocks in a fresh Node.js process and lists the @pulumi packages it loaded. */
function packagesLoadedBy(stack: string, config: Record<string, string>): Promise<string[]> {
    const script = `
        const { runStack } = require("./tests/support/stack");
        runStack(${JSON.stringify(stack)}, ${JSON.stringify(config)}).then(() => {
            const names = Object.keys(require.cache).map((f) => (f.match(/node_modules\\/(@pulumi\\/[^/]+)\\//) || [])[1]).filter(Boolean);
            console.log(JSON.stringify([...new Set(names)].sort()));
        });`;
    const loaded = new Promise<string[]>((done, fail) => {
        execFile(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" },
            (error, stdout, stderr) => {
                if (error) fail(new Error(`the ${stack} stack failed in a fresh process: ${stderr}`));
                else done(JSON.parse(stdout.trim().split("\n").pop() ?? "[]") as string[]);
            });
    });
    loaded.catch(() => undefined);  // awaited by its test; never an unhandled rejection before that
    return loaded;
}

// Both processes start when mocha loads this file, so on a second core they run beside the
// other test files instead of adding two Node.js start-ups to the suite's time.
const openshift = packagesLoadedBy("openshift", {});
const gke = packagesLoadedBy("gke", { "gcp:project": "demo-project" });

describe("module loading", () => {
    it("the openshift stack loads nothing of @pulumi/gcp", async () => {
        assert.deepStrictEqual(await openshift, ["@pulumi/kubernetes", "@pulumi/pulumi"]);
    });

    it("the gke stack with a cluster loads @pulumi/gcp", async () => {
        assert.ok((await gke).includes("@pulumi/gcp"));
    });
});
