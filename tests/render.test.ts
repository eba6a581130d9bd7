/**
 * `openhands:renderYamlToDirectory` (what `npm run render` sets): every Kubernetes object
 * of the stack goes through one provider that writes YAML instead of applying it, and
 * nothing else is made.
 */
import * as assert from "assert";
import { GKE_EXISTING_CLUSTER, runStack, type StackRun } from "./support/stack";

const DIR = "/srv/openhands-rendered";
const PROVIDER = "pulumi:providers:kubernetes";

/** The render provider's reference, `urn::id`, as custom resources carry it. */
function renderProviderRef(run: StackRun): string {
    const provider = run.one(PROVIDER);
    assert.strictEqual(provider.inputs.renderYamlToDirectory, DIR);
    return `${provider.urn}::${provider.name}-id`;
}

describe("rendering YAML instead of applying it (openhands:renderYamlToDirectory)", () => {
    for (const [stack, extra] of [["openshift", {}], ["gke", GKE_EXISTING_CLUSTER]] as const) {
        it(`sends every Kubernetes object of the ${stack} stack to the render provider`, async () => {
            const run = await runStack(stack, { ...extra, "openhands:renderYamlToDirectory": DIR });
            const ref = renderProviderRef(run);
            const objects = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
            assert.ok(objects.length >= 5, `${objects.length} objects`);
            for (const object of objects) assert.strictEqual(object.provider, ref, `${object.type} ${object.name}`);
            assert.deepStrictEqual(run.resources.filter((r) => r.type.startsWith("gcp:")).map((r) => r.type), []);
        });
    }

    it("registers the same Kubernetes objects as a stack that applies them", async () => {
        const shape = (run: StackRun): string[] => run.resources.filter((r) => r.type.startsWith("kubernetes:"))
            .map((r) => `${r.type} ${r.name} ${JSON.stringify(r.inputs)}`).sort();
        const applied = await runStack("openshift");
        const rendered = await runStack("openshift", { "openhands:renderYamlToDirectory": DIR });
        assert.deepStrictEqual(shape(rendered), shape(applied));
    });

    it("makes no provider of its own when the key is unset", async () => {
        const run = await runStack("openshift");
        assert.deepStrictEqual(run.all(PROVIDER), []);
        assert.ok(run.resources.filter((r) => r.type.startsWith("kubernetes:")).every((r) => r.provider === undefined || r.provider === ""));
    });
});
