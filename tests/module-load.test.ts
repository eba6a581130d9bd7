/**
 * What the program loads, and when: an OpenShift deployment never pays for the GCP SDK, and
 * the program asks for the Kubernetes provider before it loads its heavy modules.
 */
import * as assert from "assert";
import { execFile } from "child_process";
import * as path from "path";
import { GKE_PROJECT, projectDefaults, ROOT, runStack, stackFileConfig } from "./support/stack";

/** Runs `script` in a fresh Node.js process with ts-node; its last line of output, parsed. */
function lastLineOf<T>(what: string, script: string): Promise<T> {
    const result = new Promise<T>((done, fail) => {
        execFile(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" },
            (error, stdout, stderr) => {
                if (error) fail(new Error(`${what} failed in a fresh process: ${stderr}`));
                else done(JSON.parse(stdout.trim().split("\n").pop() ?? "null") as T);
            });
    });
    result.catch(() => undefined);  // awaited by its test; never an unhandled rejection before that
    return result;
}

/** A fresh process's loaded modules, as paths from the repository's root. */
const LOADED = `const loaded = () => Object.keys(require.cache).map((file) => require("path").relative(process.cwd(), file));`;

/**
 * Runs the openshift stack's program under mocks in a fresh Node.js process without the test
 * harness (which loads @pulumi/pulumi's index itself): the modules loaded at the program's
 * first provider call and at its end.
 */
function modulesLoaded(): Promise<{ atFirstCall?: string[]; atEnd: string[] }> {
    const config = { ...projectDefaults(), ...stackFileConfig("openshift") };
    return lastLineOf("the openshift program", `${LOADED}
        let atFirstCall;
        require("@pulumi/pulumi/runtime/mocks").setMocks({
            newResource: (args) => ({ id: args.name + "-id", state: args.inputs }),
            call: (args) => { atFirstCall = atFirstCall || loaded(); return args.inputs; },
        }, "openhands", "openshift", false).then(() => {
            require("@pulumi/pulumi/runtime/config").setAllConfig(${JSON.stringify(config)}, []);
            return require("./index")();
        }).then(() => console.log(JSON.stringify({ atFirstCall, atEnd: loaded() })));`);
}

/** The @pulumi packages among `modules`. */
function pulumiPackages(modules: string[]): string[] {
    return [...new Set(modules.map((m) => /node_modules\/(@pulumi\/[^/]+)\//.exec(m)?.[1]).filter((p) => p !== undefined))].sort();
}

// The process starts when mocha loads this file, so on a second core it runs beside the
// other test files instead of adding a Node.js start-up to the suite's time. It runs the
// openshift program only: each module a fresh process loads costs the whole suite's time.
const loadedModules = modulesLoaded();

/** The modules whose loading the provider's start overlaps: the SDKs' indexes, the component, the deploy step. */
const HEAVY = ["node_modules/@pulumi/pulumi/index.js", "node_modules/@pulumi/pulumi/automation/index.js",
    "node_modules/@pulumi/kubernetes/index.js", "components/openhands.ts", "program/deploy.ts"];

describe("module loading", () => {
    it("the openshift stack loads nothing of @pulumi/gcp", async () => {
        assert.deepStrictEqual(pulumiPackages((await loadedModules).atEnd), ["@pulumi/kubernetes", "@pulumi/pulumi"]);
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

    it("reads and checks the config, then asks for the Kubernetes provider, before loading the heavy modules", async () => {
        const { atFirstCall, atEnd } = await loadedModules;
        assert.ok(atFirstCall, "the openshift program calls the Kubernetes provider");
        for (const light of ["components/config/stack-config.ts", "components/preflight.ts", "program/provider-prefetch.ts"]) {
            assert.ok(atFirstCall.includes(light), `${light} runs before the provider call`);
        }
        assert.deepStrictEqual(HEAVY.filter((module) => atFirstCall.includes(module)), [],
            "loaded before the provider call; components/sdk.ts names what the light part may use");
        assert.deepStrictEqual(HEAVY.filter((module) => !atEnd.includes(module)), [], "every heavy module is loaded by the end");
    });
});
