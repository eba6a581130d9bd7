/**
 * The test runs' monitor (tests/support/in-process-monitor.ts) changes how fast a mocked run is,
 * not what it gives: the same resources, provider calls and outputs as the SDK's own monitor,
 * and, message by message, the same values as google-protobuf's `Struct`.
 */
import * as assert from "assert";
import { encodedStruct, heldStruct } from "./support/in-process-monitor";
import { GKE_PROJECT, runStack, runStackThroughSdkMonitor, type StackRun } from "./support/stack";

/** What a test can read of a run: every registration as made, the provider calls, the outputs. */
function observable(run: StackRun) {
    return {
        resources: run.resources.map(({ type, name, inputs, secretPaths, provider, urn, parentType }) =>
            ({ type, name, inputs, secretPaths, provider, urn, parentType })),
        invokes: run.invokes,
        outputs: run.outputs,
        secretOutputs: run.secretOutputs,
    };
}

describe("the test runs' in-process monitor", () => {
    const KEY = JSON.stringify({ type: "service_account", private_key: "KEY-MATERIAL-0123" });
    const cases: Array<[string, string, Record<string, string>, string[]]> = [
        ["the openshift stack file (Service state: node ports)", "openshift", {}, []],
        ["the gke stack making its cluster, with secret keys (cluster state, secret outputs, the load balancer's address)", "gke",
            { ...GKE_PROJECT, "openhands:googleCredentials": KEY, "openhands:llmApiKey": "sk-LLM-SECRET" },
            ["openhands:googleCredentials", "openhands:llmApiKey"]],
    ];
    for (const [what, stack, config, secretKeys] of cases) {
        it(`gives what the SDK's mock monitor gives: ${what}`, async () => {
            const sdk = await runStackThroughSdkMonitor(stack, config, secretKeys);
            const inProcess = await runStack(stack, config, secretKeys);
            assert.ok(sdk.resources.length > 5 && Object.keys(sdk.outputs).length > 3, "the run deploys and has outputs");
            assert.deepStrictEqual(observable(inProcess), observable(sdk));
        });
    }
});

describe("a Struct held in process (what the in-process monitor hands over)", () => {
    const value = () => ({ b: [1, "two", null, true, { d: -0.5, c: [] }], a: { z: "x", y: null }, 10: 1, 9: 2, "": "" });

    it("gives back what google-protobuf's Struct gives back, keys in its order, a fresh copy each time", () => {
        const source = value();
        const held = heldStruct(source);
        const expected = encodedStruct(value()).toJavaScript();
        source.a.z = "changed after it was held";
        const first = held.toJavaScript();
        assert.deepStrictEqual(first, expected);
        assert.deepStrictEqual(Object.keys(first), Object.keys(expected));
        assert.deepStrictEqual(Object.keys(first.a as object), Object.keys(expected.a as object));
        (first.b as unknown[]).push("changed by the first reader");
        assert.deepStrictEqual(held.toJavaScript(), expected);
    });

    it("encodes its fields when they are read, as binary encoding reads them; they are the Struct from then on", () => {
        const held = heldStruct(value());
        assert.deepStrictEqual(Buffer.from(held.serializeBinary()), Buffer.from(encodedStruct(value()).serializeBinary()));
        held.getFieldsMap().del("b");
        const rest: Record<string, unknown> = value();
        delete rest.b;
        assert.deepStrictEqual(held.toJavaScript(), encodedStruct(rest).toJavaScript());
    });

    it("refuses what google-protobuf refuses, with its error", () => {
        for (const bad of [{ a: undefined }, { a: () => 1 }, { a: [1, undefined] }, { a: { b: BigInt(1) } }, { a: Symbol("s") }]) {
            const refusal = (() => {
                try {
                    encodedStruct(bad);
                } catch (err) {
                    return (err as Error).message;
                }
                throw new Error(`google-protobuf took ${typeof bad.a}`);
            })();
            assert.throws(() => heldStruct(bad), { message: refusal });
        }
    });
});
