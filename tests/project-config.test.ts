/** Pulumi.yaml documents every key the program reads, with defaults equal to the code's. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { resolveSettings } from "../components/config/resolve";
import { GKE_CLUSTER } from "../components/defaults";
import { ROOT } from "./support/stack";

const project = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
    name: string; runtime: { name: string };
    config: Record<string, { type: string; description: string; default?: unknown; secret?: boolean }>;
};

describe("Pulumi.yaml", () => {
    it("is the openhands Node.js project", () => {
        assert.strictEqual(project.name, "openhands");
        assert.strictEqual(project.runtime.name, "nodejs");
    });

    it("declares every openhands: key the config reader reads, each with a type and description", () => {
        const source = fs.readFileSync(path.join(ROOT, "components", "config", "stack-config.ts"), "utf8");
        const read = new Set([...source.matchAll(/(?:oh\.(?:string|optionalString|requiredString|number|optionalNumber|boolean|object<\w+>)\(|\[oh, |readSecret\(oh, |readStringList\(oh, )"([A-Za-z]+)"/g)]
            .map((m) => m[1]));
        assert.ok(read.size >= 20, `found ${read.size} keys`);
        for (const key of read) {
            const spec = project.config[key];
            assert.ok(spec, `Pulumi.yaml lacks ${key}`);
            assert.ok(["string", "integer", "boolean", "object", "array"].includes(spec.type), key);
            assert.ok(spec.description.length > 10, key);
        }
        for (const key of Object.keys(project.config)) assert.ok(read.has(key), `Pulumi.yaml declares ${key}, which nothing reads`);
    });

    it("gives the same defaults as the code", () => {
        const code = resolveSettings({ platform: "openshift" });
        const expected: Record<string, unknown> = {
            appImage: code.appImage, sandboxImage: code.sandboxImage, sandboxUserId: code.sandboxUserId,
            workspaceSize: code.workspaceSize, workspaceClaimSize: code.workspaceClaimSize,
            workspaceHostPath: code.workspaceHostPath, replicas: code.replicas, createCluster: true,
            gkeNodeCount: GKE_CLUSTER.nodeCount, gkeMachineType: GKE_CLUSTER.machineType,
            gkeDiskSizeGb: GKE_CLUSTER.diskSizeGb, gkeReleaseChannel: GKE_CLUSTER.releaseChannel,
            gkeDeletionProtection: false,
            dindImage: code.dindImage, dindStorageSize: code.dindStorageSize, sandboxSidecar: code.sandboxSidecar,
            persistentState: code.state !== undefined, stateHostPath: code.state?.hostPath,
            persistentWorkspace: false, troubleshooting: code.troubleshooting,
            exposeSsh: code.exposeSsh, networkPolicy: code.networkPolicy, podSecurityWarnLevel: code.podSecurity.warn,
            createNamespace: true, route: false,
        };
        const unset = new Set(["", 0]);
        for (const [key, spec] of Object.entries(project.config)) {
            if (spec.default === undefined || unset.has(spec.default as string | number) || typeof spec.default === "object") continue;
            assert.deepStrictEqual(spec.default, expected[key], key);
        }
    });

    it("makes only the platform required, and no key Pulumi would refuse to leave unset", () => {
        // Pulumi refuses a secret key's unset default; the program itself refuses plain-text keys
        // (tests/config-errors.test.ts, tests/runtime-options.test.ts).
        for (const key of Object.keys(project.config)) assert.notStrictEqual(project.config[key].secret, true, key);
        // Pulumi refuses to run a stack that lacks a value for a key without a default.
        const required = Object.entries(project.config).filter(([, spec]) => spec.default === undefined).map(([key]) => key);
        assert.deepStrictEqual(required, ["platform"]);
    });

    it("gives platform-dependent and optional keys the 'unset' value of their type", () => {
        const unset: Record<string, unknown> = { string: "", integer: 0, object: {}, array: [] };
        for (const key of ["namespace", "workload", "dockerEngine", "rbacScope", "stateSize", "nodePort", "appRunAsUser",
            "googleCredentials", "llmApiKey", "resources", "loadBalancerSourceRanges", "podSecurityLevel", "gkeLocation"]) {
            assert.deepStrictEqual(project.config[key].default, unset[project.config[key].type], key);
        }
    });
});
