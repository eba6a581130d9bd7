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
        const read = new Set([...source.matchAll(/(?:oh\.(?:string|requiredString|number|boolean|object<\w+>)\(|\[oh, |readSecret\(oh, |readStringList\(oh, )"([A-Za-z]+)"/g)]
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
        };
        for (const [key, spec] of Object.entries(project.config)) {
            if (spec.default !== undefined) assert.deepStrictEqual(spec.default, expected[key], key);
        }
    });

    it("marks the key file secret and gives platform-dependent keys no default", () => {
        assert.strictEqual(project.config.googleCredentials.secret, true);
        assert.strictEqual(project.config.llmApiKey.secret, true);
        for (const key of ["platform", "namespace", "workload", "createNamespace", "nodePort", "googleCredentials",
            "dockerEngine", "stateSize", "llmApiKey"]) {
            assert.strictEqual(project.config[key].default, undefined, key);
        }
    });
});
