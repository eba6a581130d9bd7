/** The OpenHands component as an npm user would use it in a program of their own. */
import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { InvalidSettingsError, OpenHands } from "../components";
import { settingsFor } from "./support/settings";
import { resolve, runMocked } from "./support/stack";
import { TYPE } from "./support/types";

describe("OpenHands component used directly", () => {
    it("deploys into the cluster of the provider it is given, every child parented to it and named after it", async () => {
        const { resources, result } = await runMocked({}, [], "dev", async () => {
            const provider = new k8s.Provider("their-cluster", { kubeconfig: "{}" });
            const app = new OpenHands("agent", { platform: "openshift", namespace: "ai", nodePort: 30300, nodeName: "worker-1" }, { provider });
            return { app, namespace: await resolve(app.namespace) };
        });
        assert.strictEqual(result.namespace, "ai");
        const children = resources.filter((r) => r.type.startsWith("kubernetes:"));
        const named = (c: (typeof children)[number]) =>
            `${c.type.split(":")[2]}/${String(c.inputs.metadata.name).replace(/-[0-9a-f]{10}$/, "-<digest>")}`;
        assert.deepStrictEqual(children.map(named).sort(), [
            "ConfigMap/agent-proxy-<digest>", "Namespace/ai", "NetworkPolicy/agent-ingress",
            "PersistentVolume/ai-agent-state", "PersistentVolume/ai-agent-workspace",
            "PersistentVolumeClaim/agent-state", "PersistentVolumeClaim/agent-workspace",
            "Pod/agent", "Service/agent", "ServiceAccount/agent",
        ]);
        const providerUrn = resources.find((r) => r.type === TYPE.provider)!.urn;
        for (const child of children) {
            assert.strictEqual(child.parentType, TYPE.component, child.name);
            assert.ok(child.provider?.startsWith(`${providerUrn}::`), child.name);
            assert.ok(child.name.startsWith("agent-"), `child ${child.name} is named after the component`);
        }
    });

    it("takes another resource's outputs for pass-through values and creates no namespace it was handed", async () => {
        const { resources } = await runMocked({}, [], "dev", async () => {
            const ns = new k8s.core.v1.Namespace("theirs", { metadata: { name: "team-ai" } });
            const image = pulumi.output("registry.example.com/openhands:1.8.0");
            return new OpenHands("agent", { platform: "gke", namespace: ns.metadata.name, appImage: image, openhandsVersion: "1.8.0", sandboxSidecar: false });
        });
        const namespaces = resources.filter((r) => r.type === TYPE.namespace);
        assert.deepStrictEqual(namespaces.map((n) => n.name), ["theirs"], "only the user's own Namespace");
        const deployment = resources.find((r) => r.type === TYPE.deployment)!;
        assert.strictEqual(deployment.inputs.metadata.namespace, "team-ai");
        assert.strictEqual(deployment.inputs.spec.template.spec.containers[0].image, "registry.example.com/openhands:1.8.0");
    });

    it("checks a value that arrives as an output as soon as it is known, with the same message", async () => {
        const settings = settingsFor({ platform: "openshift", nodePort: 30300, openhandsVersion: "1.8.0", appImage: pulumi.output("Bad Image") });
        // No public API awaits an Output's failure; its promise() is what the engine itself awaits.
        const known = (pulumi.output(settings.appImage) as unknown as { promise(): Promise<string> }).promise();
        await assert.rejects(known,
            (err: Error) => err instanceof InvalidSettingsError && /OpenHandsArgs\.appImage: 'Bad Image' is not an image reference/.test(err.message));
    });

    it("checks an agent-server image that arrives as an output against the release's tag rewrite", async () => {
        const settings = settingsFor({ platform: "openshift", nodePort: 30300, agentServerImage: pulumi.output("ghcr.io/openhands/agent-server:1.27.0-python") });
        const known = (pulumi.output(settings.agentServerImage) as unknown as { promise(): Promise<string> }).promise();
        await assert.rejects(known, (err: Error) => err instanceof InvalidSettingsError &&
            /OpenHandsArgs\.agentServerImage: .* would not run: 1\.11\.0 .* ghcr\.io\/openhands\/agent-server:1\.34\.0-python/.test(err.message));
        const own = settingsFor({ platform: "openshift", nodePort: 30300, agentServerImage: pulumi.output("registry.example/agent-server:1.27.0-python") });
        assert.strictEqual(await (pulumi.output(own.agentServerImage) as unknown as { promise(): Promise<string> }).promise(),
            "registry.example/agent-server:1.27.0-python");
    });

    it("refuses bad arguments before registering anything, itself included, naming the argument", async () => {
        let message = "";
        const { resources } = await runMocked({}, [], "dev", async () => {
            try {
                new OpenHands("agent", { platform: "openshift", openshift: { workspaceHostPath: "relative/path" } });
            } catch (err) {
                message = (err as Error).message;
            }
        });
        assert.match(message, /OpenHandsArgs\.openshift\.workspaceHostPath: 'relative\/path'/);
        assert.deepStrictEqual(resources, []);
    });

    it("refuses a component name that cannot start the Kubernetes names derived from it", () => {
        assert.throws(() => new OpenHands("Agent_1", { platform: "openshift" }), /component name: 'Agent_1'.*guideNames/);
    });

    it("keeps a Google key given as a plain string secret in the Secret it makes", async () => {
        const { resources } = await runMocked({}, [], "dev", async () =>
            new OpenHands("agent", { platform: "gke", gke: { googleCredentials: "{\"type\":\"service_account\"}" } }));
        const secret = resources.find((r) => r.type === TYPE.secret)!;
        assert.ok(secret.secretPaths.some((p) => "stringData.key.json".startsWith(p)), String(secret.secretPaths));
        assert.ok(!JSON.stringify(secret.secretPaths).includes("metadata"));
    });

    it("binds Workload Identity itself, as the stack does, when given a Google service account", async () => {
        const { resources } = await runMocked({}, [], "dev", async () =>
            new OpenHands("agent", { platform: "gke", gke: { gcpServiceAccount: "oh@p-123456.iam.gserviceaccount.com", gcpProject: "p-123456" } }));
        const binding = resources.find((r) => r.type === TYPE.iamMember)!;
        assert.strictEqual(binding.inputs.member, "serviceAccount:p-123456.svc.id.goog[default/agent]");
        assert.strictEqual(binding.inputs.serviceAccountId, "projects/-/serviceAccounts/oh@p-123456.iam.gserviceaccount.com");
    });

    it("two stacks of the same program (one component name, two namespaces) share no cluster-scoped name", () => {
        const names = (ns: string) => settingsFor({ platform: "openshift", nodePort: 30300, namespace: ns, guideNames: false }).names;
        const [a, b] = [names("team-a"), names("team-b")];
        for (const key of ["workspaceVolume", "dockerVolume", "stateVolume", "clusterRole", "clusterRoleBinding"] as const) {
            assert.notStrictEqual(a[key], b[key], key);
        }
        assert.strictEqual(a.workspaceVolume, "team-a-openhands-workspace");
        assert.strictEqual(a.app, b.app, "namespaced names stay short");
    });

    it("two instances in one cluster share no cluster-scoped name", async () => {
        const { resources } = await runMocked({}, [], "dev", async () => {
            new OpenHands("team-a", { platform: "openshift", nodePort: 30300, namespace: "team-a", rbacScope: "cluster", nodeName: "worker-1" });
            new OpenHands("team-b", { platform: "openshift", nodePort: 30301, namespace: "team-b", rbacScope: "cluster", nodeName: "worker-2" });
        });
        const clusterScoped = resources.filter((r) => [TYPE.pv, TYPE.clusterRole, TYPE.binding, TYPE.namespace].includes(r.type as never));
        const names = clusterScoped.map((r) => `${r.type}/${r.inputs.metadata.name}`);
        assert.strictEqual(new Set(names).size, names.length, names.join(", "));
        // Per instance: the namespace, the workspace and state PVs, the ClusterRole and its binding.
        assert.strictEqual(names.length, 2 * 5);
    });
});
