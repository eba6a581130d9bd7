/**
 * Upgrading a running stack with the real Pulumi engine against a real API server: the
 * openshift stack up with openhandsVersion 1.8.0, then up with the default (1.11.0). The
 * second up changes the pod, and nothing that holds the user's data: the state and workspace
 * volumes, their claims, the namespace and the seeded settings are the same objects (same uid),
 * and the engine neither replaces nor deletes any of them.
 */
import * as assert from "assert";
import { type EngineEvent, type Stack } from "@pulumi/pulumi/automation";
import { DEFAULT_VERSION } from "../../components/releases";
import { type E2eEnvironment, setUp, tearDown } from "../../scripts/e2e/cluster-environment";
import { getJson, phase, projectStack } from "./helpers";

const NS = "openhands";
const CONFIG = {
    "openhands:platform": { value: "openshift" },
    "openhands:guideNames": { value: "true" },
    "openhands:nodePort": { value: "30497" },
    // The hostPath data's node: the local control plane's one kwok node.
    "openhands:nodeName": { value: "e2e-node-0" },
    "openhands:llmModel": { value: "anthropic/claude-sonnet-4-20250514" },
};

/** The objects that hold what a user keeps across an upgrade, as `kubectl get` arguments. */
const KEPT: ReadonlyArray<readonly string[]> = [
    ["namespace", NS],
    ["pv", "workspace-pv"], ["pv", "state-pv"],
    ["-n", NS, "pvc", "workspace-pvc"], ["-n", NS, "pvc", "openhands-state"],
    ["-n", NS, "secret", "openhands-llm"],
];
/** The resource types of those objects in Pulumi. */
const KEPT_TYPES = [
    "kubernetes:core/v1:Namespace", "kubernetes:core/v1:PersistentVolume", "kubernetes:core/v1:PersistentVolumeClaim",
    "kubernetes:core/v1:Secret",
];

/** Each kept object's uid. */
function uids(e2e: E2eEnvironment): Record<string, string> {
    return Object.fromEntries(KEPT.map((args) => {
        const object = getJson(e2e, [...args]);
        assert.ok(object, `${args.join(" ")} exists`);
        return [args.join(" "), object.metadata.uid as string];
    }));
}

describe("e2e: upgrading a running openshift stack from 1.8.0 to the default release", function () {
    this.timeout(20 * 60 * 1000);
    let e2e: E2eEnvironment;
    let stack: Stack;

    before(async () => {
        e2e = setUp();
        stack = await projectStack(e2e, "e2e-upgrade", { ...CONFIG, "openhands:openhandsVersion": { value: "1.8.0" } });
    });
    after(async () => {
        if (stack) await stack.destroy().catch(() => undefined);
        if (e2e) tearDown(e2e);
    });

    it("keeps the volumes, claims, namespace and settings (same uids) and replaces or deletes none of them", async () => {
        const first = await phase("up 1.8.0", () => stack.up());
        assert.strictEqual(first.summary.result, "succeeded");
        assert.strictEqual(first.outputs.openhandsVersion.value, "1.8.0");
        const pod = () => getJson(e2e, ["-n", NS, "pod", "openhands-app-2024"]);
        assert.strictEqual(pod().spec.containers[0].image, "ghcr.io/openhands/openhands:1.8.0");
        const before = uids(e2e);

        await stack.removeConfig("openhands:openhandsVersion");
        const steps: Array<{ op: string; type: string; urn: string }> = [];
        const second = await phase(`up ${DEFAULT_VERSION}`, () => stack.up({
            onEvent: (event: EngineEvent) => {
                const meta = event.resourcePreEvent?.metadata;
                if (meta) steps.push({ op: meta.op, type: meta.type, urn: meta.urn });
            },
        }));
        assert.strictEqual(second.summary.result, "succeeded");
        assert.strictEqual(second.outputs.openhandsVersion.value, DEFAULT_VERSION);
        console.log(`      [e2e] second up: ${JSON.stringify(second.summary.resourceChanges)}; ` +
            `steps on kept types: ${JSON.stringify(steps.filter((s) => KEPT_TYPES.includes(s.type)).map((s) => `${s.op} ${s.type}`))}`);

        const destructive = ["replace", "create-replacement", "delete-replaced", "delete", "discard", "read-replacement"];
        const touched = steps.filter((s) => KEPT_TYPES.includes(s.type) && destructive.includes(s.op));
        assert.deepStrictEqual(touched, [], "no kept object is replaced or deleted");
        assert.deepStrictEqual(uids(e2e), before, "the same objects, uid for uid");

        const app = pod().spec.containers[0];
        assert.strictEqual(app.image, `ghcr.io/openhands/openhands:${DEFAULT_VERSION}`);
        const env = Object.fromEntries(app.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
        assert.strictEqual(env.AGENT_SERVER_IMAGE_TAG, "1.34.0-python");
        assert.strictEqual(env.SANDBOX_STARTUP_GRACE_SECONDS, "120");
        assert.ok(steps.some((s) => s.type === "kubernetes:core/v1:Pod" && s.op !== "same"), "the pod itself changed");
    });
});
