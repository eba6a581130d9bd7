/**
 * The test runs' monitor (tests/support/in-process-monitor.ts) changes how fast a mocked run is,
 * not what it gives: the same resources, provider calls and outputs as the SDK's own monitor.
 */
import * as assert from "assert";
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
