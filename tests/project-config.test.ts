/**
 * Pulumi.yaml and the generated tables of docs/ (configuration, releases, the guide's
 * values) come from the settings catalog and the release contract, and a stack gets
 * exactly what a program using only the component gets.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { OpenHands } from "../components";
import { generatedFiles } from "../scripts/config-docs";
import { GKE_EXISTING_CLUSTER, OPENSHIFT_NODE, refusedRun, ROOT, runMocked, runStack } from "./support/stack";

const project = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as {
    name: string; runtime: { name: string }; main: string;
    config: Record<string, { type: string; description: string; default?: unknown; secret?: boolean }>;
};

describe("Pulumi.yaml and the generated docs", () => {
    it("is the openhands Node.js project, running index.ts", () => {
        assert.strictEqual(project.name, "openhands");
        assert.strictEqual(project.runtime.name, "nodejs");
        assert.strictEqual(project.main, "index.ts");
    });

    for (const { file, current, expected } of generatedFiles()) {
        it(`${path.relative(ROOT, file)} matches what the settings catalog generates (npm run gen:config)`, () => {
            assert.ok(current === expected, `${path.relative(ROOT, file)} is out of date: run npm run gen:config`);
        });
    }

    it("makes only the platform required, and no key Pulumi would refuse to leave unset", () => {
        for (const key of Object.keys(project.config)) assert.notStrictEqual(project.config[key].secret, true, key);
        const required = Object.entries(project.config).filter(([, spec]) => spec.default === undefined).map(([key]) => key);
        assert.deepStrictEqual(required, ["platform"]);
    });

    it("refuses a key of ours that no setting reads, naming the one it resembles", async () => {
        const refused = await refusedRun("openshift", { "openhands:llmAPIKey": "sk-plain" });
        assert.match(refused.message, /openhands:llmAPIKey: is not a setting of this project; did you mean openhands:llmApiKey\?/);
        assert.ok(!refused.message.includes("sk-plain"));
    });
});

describe("one owner for every default", () => {
    for (const platform of ["openshift", "gke"] as const) {
        it(`gives the ${platform} stack exactly what new OpenHands({ platform: '${platform}', guideNames: true, ...its stack file }) gives`, async () => {
            const stack = await runStack(platform, platform === "gke" ? GKE_EXISTING_CLUSTER : {});
            const { resources } = await runMocked({}, [], "dev", async () =>
                new OpenHands("openhands", platform === "openshift"
                    // What Pulumi.openshift.yaml adds for 1.x: the node port the sandbox URLs carry, and the SCC.
                    ? { platform, guideNames: true, nodePort: 30300, nodeName: OPENSHIFT_NODE["openhands:nodeName"], openshift: { openshiftScc: "privileged" } }
                    : { platform, guideNames: true }));
            const kube = (rs: typeof resources) => rs.filter((r) => r.type.startsWith("kubernetes:"))
                .map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
            assert.ok(kube(resources).length >= 5);
            assert.deepStrictEqual(kube(stack.resources), kube(resources));
        });
    }
});
