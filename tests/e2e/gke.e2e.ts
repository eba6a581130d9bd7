/**
 * The gke profile with `createCluster: false` on a real API server: the Deployment
 * with its dind sidecar, RBAC, the key Secret and the LoadBalancer Service.
 */
import * as assert from "assert";
import { type Stack } from "@pulumi/pulumi/automation";
import { type E2eEnvironment, setUp, tearDown } from "../../scripts/e2e/cluster-environment";
import { getJson, phase, POLICY_PACK, projectStack } from "./helpers";

const KEY = { type: "service_account", project_id: "e2e-project", client_email: "e2e@e2e-project.iam.gserviceaccount.com" };
const CONFIG = {
    "openhands:platform": { value: "gke" },
    "openhands:guideNames": { value: "true" },
    "openhands:createCluster": { value: "false" },
    // The local control plane has no default StorageClass, so no dynamically provisioned state volume.
    "openhands:persistentState": { value: "false" },
    // The guide's ClusterRole, to check it on a real API server.
    "openhands:rbacScope": { value: "cluster" },
    "openhands:googleCredentials": { value: JSON.stringify(KEY), secret: true },
    "openhands:loadBalancerSourceRanges": { list: ["127.0.0.0/8"] },
};

describe("e2e: gke profile (createCluster false) on a real API server", function () {
    this.timeout(20 * 60 * 1000);
    let e2e: E2eEnvironment;
    let stack: Stack;

    before(async () => {
        e2e = setUp();
        stack = await projectStack(e2e, "e2e-gke", CONFIG);
    });
    after(async () => {
        if (stack) await stack.destroy().catch(() => undefined);
        if (e2e) tearDown(e2e);
    });

    it("deploys: up succeeds and the load balancer address is exported", async () => {
        const result = await phase("up", () => stack.up());
        assert.strictEqual(result.summary.result, "succeeded");
        assert.ok(result.outputs.loadBalancerAddress.value, "the load balancer has an address");
        // The local control plane's stand-in gives every load balancer 127.0.0.1.
        if (e2e.ownsCluster) assert.strictEqual(result.outputs.loadBalancerAddress.value, "127.0.0.1");
        assert.strictEqual(result.outputs.dockerEngine.value, "dind");
    });

    it("runs the Deployment Ready with its Docker daemon sidecar", () => {
        const deployment = getJson(e2e, ["-n", "default", "deployment", "openhands-app-2024"]);
        assert.strictEqual(deployment.status.readyReplicas, 1);
        assert.strictEqual(deployment.spec.template.spec.initContainers[0].name, "docker-daemon");
        assert.strictEqual(deployment.spec.template.spec.initContainers[0].restartPolicy, "Always");
    });

    it("creates the guide's ClusterRole and binds it to the app's own ServiceAccount", () => {
        const role = getJson(e2e, ["clusterrole", "privileged-role"]);
        assert.strictEqual(role.rules.length, 4);
        const binding = getJson(e2e, ["clusterrolebinding", "privileged-role-binding"]);
        assert.deepStrictEqual(binding.subjects, [{ kind: "ServiceAccount", name: "openhands-app-2024", namespace: "default" }]);
        assert.ok(getJson(e2e, ["-n", "default", "serviceaccount", "openhands-app-2024"]));
    });

    it("stores the key as key.json in Secret google-cloud-key, and only as a secret in state", async () => {
        const secret = getJson(e2e, ["-n", "default", "secret", "google-cloud-key"]);
        assert.deepStrictEqual(Object.keys(secret.data), ["key.json"]);
        assert.deepStrictEqual(JSON.parse(Buffer.from(secret.data["key.json"], "base64").toString("utf8")), KEY);
        const state = JSON.stringify(await stack.exportStack());
        assert.ok(!state.includes("e2e@e2e-project.iam.gserviceaccount.com"), "the key is encrypted in the state file");
    });

    it("exposes only the http port on the LoadBalancer, to the configured ranges", () => {
        const svc = getJson(e2e, ["-n", "default", "service", "openhands-app-2024-svc"]);
        assert.strictEqual(svc.spec.type, "LoadBalancer");
        assert.deepStrictEqual(svc.spec.ports.map((p: any) => [p.name, p.port, p.targetPort]), [["http", 80, 8080]]);
        assert.deepStrictEqual(svc.spec.loadBalancerSourceRanges, ["127.0.0.0/8"]);
        assert.ok(svc.status.loadBalancer.ingress[0].ip ?? svc.status.loadBalancer.ingress[0].hostname);
    });

    it("fails the policy pack's mandatory rule with the guide's default/default binding", async () => {
        await stack.setConfig("openhands:serviceAccount", { value: "default" });
        try {
            await phase("preview with the policy pack (guide RBAC)", async () => {
                await assert.rejects(() => stack.preview({ policyPacks: [POLICY_PACK] }), (err: Error) => {
                    assert.match(err.message, /no-default-serviceaccount-cluster-binding/);
                    assert.match(err.message, /mandatory/);
                    return true;
                });
            });
        } finally {
            await stack.removeConfig("openhands:serviceAccount");
        }
    });

    it("changes nothing on a second up", async () => {
        const result = await phase("second up", () => stack.up());
        const changes = Object.entries(result.summary.resourceChanges ?? {}).filter(([op]) => op !== "same");
        assert.deepStrictEqual(changes, []);
    });

    it("destroys everything it made and leaves the default namespace as it was", async () => {
        await phase("destroy", () => stack.destroy());
        assert.strictEqual(getJson(e2e, ["clusterrole", "privileged-role"]), undefined);
        assert.strictEqual(getJson(e2e, ["clusterrolebinding", "privileged-role-binding"]), undefined);
        const leftovers = getJson(e2e, ["all,secrets,serviceaccounts,networkpolicies", "-A", "-l", "app.kubernetes.io/part-of=openhands"]);
        assert.deepStrictEqual(leftovers.items.map((i: any) => `${i.kind}/${i.metadata.name}`), []);
        assert.ok(getJson(e2e, ["namespace", "default"]), "the namespace default is never deleted");
    });
});
