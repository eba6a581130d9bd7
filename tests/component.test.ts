/** The OpenHands component as an npm user would use it in a program of their own. */
import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import { OpenHands } from "../components";
import { resolve, runMocked } from "./support/stack";

describe("OpenHands component used directly", () => {
    it("deploys into the cluster of the provider it is given, with every child parented to it", async () => {
        const { resources, result } = await runMocked({}, [], "dev", async () => {
            const provider = new k8s.Provider("their-cluster", { kubeconfig: "{}" });
            const app = new OpenHands("agent", { platform: "openshift", namespace: "ai" }, { provider });
            return { app, namespace: await resolve(app.namespace) };
        });
        assert.strictEqual(result.namespace, "ai");
        const children = resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.strictEqual(children.length, 11, children.map((c) => c.name).join(", "));
        const providerUrn = resources.find((r) => r.type === "pulumi:providers:kubernetes")!.urn;
        for (const child of children) {
            assert.strictEqual(child.parentType, "openhands:index:OpenHands", child.name);
            assert.ok(child.provider?.startsWith(`${providerUrn}::`), child.name);
            assert.ok(child.name.startsWith("agent-"), `child ${child.name} is named after the component`);
        }
    });

    it("refuses bad arguments before registering any child, naming the argument", async () => {
        let message = "";
        const { resources } = await runMocked({}, [], "dev", async () => {
            try {
                new OpenHands("agent", { platform: "openshift", workspaceHostPath: "relative/path" });
            } catch (err) {
                message = (err as Error).message;
            }
        });
        assert.match(message, /OpenHandsArgs\.workspaceHostPath: 'relative\/path'/);
        assert.deepStrictEqual(resources.filter((r) => r.type.startsWith("kubernetes:")), []);
    });

    it("keeps a Google key given as a plain string secret in the Secret it makes", async () => {
        const { resources } = await runMocked({}, [], "dev", async () =>
            new OpenHands("agent", { platform: "gke", googleCredentials: "{\"type\":\"service_account\"}" }));
        const secret = resources.find((r) => r.type === "kubernetes:core/v1:Secret")!;
        assert.ok(secret.secretPaths.some((p) => "stringData.key.json".startsWith(p)), String(secret.secretPaths));
        assert.ok(!JSON.stringify(secret.secretPaths).includes("metadata"));
    });
});
