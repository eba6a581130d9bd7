/**
 * The program asks the engine for the Kubernetes provider early (program/provider-prefetch.ts),
 * exactly when the stack's objects use the default provider, and not on a refused run.
 */
import * as assert from "assert";
import { PREFETCH_CALL } from "../program/provider-prefetch";
import { GKE_EXISTING_CLUSTER, GKE_PROJECT, refusedRun, runStack } from "./support/stack";

describe("the Kubernetes provider's prefetch", () => {
    const cases: Array<[string, "openshift" | "gke", Record<string, string>, string[]]> = [
        ["is sent once for the openshift stack, whose objects use the default provider", "openshift", {}, [PREFETCH_CALL]],
        ["is sent once for the gke stack into the current kubeconfig's cluster", "gke", GKE_EXISTING_CLUSTER, [PREFETCH_CALL]],
        ["is not sent for the gke stack that creates its cluster (its objects use that cluster's provider)", "gke", GKE_PROJECT, []],
        ["is not sent for a rendering run (its objects use the rendering provider)", "openshift",
            { "openhands:renderYamlToDirectory": "/srv/openhands-rendered" }, []],
    ];
    for (const [title, stack, config, expected] of cases) {
        it(title, async () => {
            const run = await runStack(stack, config);
            assert.deepStrictEqual(run.invokes, expected);
        });
    }

    it("is not sent when the component's own checks refuse the config (only the type checks ran before)", async () => {
        // nodePort 80 is a whole number (the reader accepts it); the component's range check refuses it.
        const refused = await refusedRun("openshift", { "openhands:nodePort": "80" });
        assert.match(refused.message, /openhands:nodePort.*30000 to 32767/);
        assert.deepStrictEqual(refused.invoked, []);
    });
});
