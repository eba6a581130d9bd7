/**
 * The gke profile with `createCluster: false` on a real API server: the Deployment
 * with its dind sidecar, RBAC, the key Secret and the LoadBalancer Service.
 */
import * as assert from "assert";
import { type Stack } from "@pulumi/pulumi/automation";
import { type E2eEnvironment, setUp, tearDown } from "../../scripts/e2e/cluster-environment";
import { getJson, kubectl, phase, POLICY_PACK, projectStack } from "./helpers";

/**
 * GKE's default StorageClass provisions a disk per claim. The local control plane has no
 * provisioner: a default StorageClass with two volumes made ahead stands in for it, and the
 * controller manager binds the stack's claims (workspace and state) to them.
 */
const STORAGE = [
    { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "e2e-default",
        annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: "Immediate", reclaimPolicy: "Retain" },
    ...["e2e-disk-1", "e2e-disk-2"].map((name) => ({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name },
        spec: { storageClassName: "e2e-default", capacity: { storage: "50Gi" }, accessModes: ["ReadWriteOnce"],
            persistentVolumeReclaimPolicy: "Retain", hostPath: { path: `/var/lib/${name}` } } })),
];

const KEY = { type: "service_account", project_id: "e2e-project", client_email: "e2e@e2e-project.iam.gserviceaccount.com" };
const CONFIG = {
    "openhands:platform": { value: "gke" },
    "openhands:guideNames": { value: "true" },
    "openhands:createCluster": { value: "false" },
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
        const made = kubectl(e2e, ["apply", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items: STORAGE }));
        assert.strictEqual(made.status, 0, made.stderr);
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

    it("refuses the guide's default/default binding at preview, naming the key, before the policy pack", async () => {
        await stack.setConfig("openhands:serviceAccount", { value: "default" });
        try {
            await phase("preview with the policy pack (guide RBAC)", async () => {
                await assert.rejects(() => stack.preview({ policyPacks: [POLICY_PACK] }), (err: Error) => {
                    assert.match(err.message, /openhands:rbacScope: 'cluster' would grant the guide's rules/);
                    return true;
                });
            });
        } finally {
            await stack.removeConfig("openhands:serviceAccount");
        }
    });

    /** The workspace and state claims: uid, phase and the volume each is bound to. */
    const claims = () => ["openhands-workspace", "openhands-state"].map((name) => {
        const claim = getJson(e2e, ["-n", "default", "pvc", name]);
        return { name, uid: claim.metadata.uid, phase: claim.status.phase, volume: claim.spec.volumeName,
            volumeUid: getJson(e2e, ["pv", claim.spec.volumeName]).metadata.uid };
    });
    let claimsAtFirst: ReturnType<typeof claims>;

    it("keeps the workspace (issue 25) and the state on claims of the default StorageClass, bound", () => {
        claimsAtFirst = claims();
        console.log(`      [e2e] claims: ${JSON.stringify(claimsAtFirst.map((c) => [c.name, c.phase, c.volume]))}`);
        assert.deepStrictEqual(claimsAtFirst.map((c) => c.phase), ["Bound", "Bound"]);
        const volumes = getJson(e2e, ["-n", "default", "deployment", "openhands-app-2024"]).spec.template.spec.volumes;
        assert.deepStrictEqual(volumes.find((v: any) => v.name === "workspace-volume"),
            { name: "workspace-volume", persistentVolumeClaim: { claimName: "openhands-workspace" } });
    });

    it("changes nothing on a second up", async () => {
        const result = await phase("second up", () => stack.up());
        const changes = Object.entries(result.summary.resourceChanges ?? {}).filter(([op]) => op !== "same");
        assert.deepStrictEqual(changes, []);
    });

    it("brings a replaced pod back to the same claims and volumes, bound", async () => {
        const podUids = () => (getJson(e2e, ["-n", "default", "pods", "-l", "app=openhands-app-2024"]).items as any[])
            .filter((p) => !p.metadata.deletionTimestamp).map((p) => p.metadata.uid as string);
        const before = podUids();
        // The key is an object in Pulumi.yaml: set one field by path, as `pulumi config set --path` does.
        await stack.setConfig("openhands:resources.app.memoryLimit", { value: "5Gi" }, true);
        await phase("up with a pod-replacing change", () => stack.up());
        const after = podUids();
        console.log(`      [e2e] pods before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
        assert.strictEqual(after.length, 1);
        assert.ok(!before.includes(after[0]), "a new pod");
        assert.deepStrictEqual(claims(), claimsAtFirst, "the same claims and volumes, bound");
        assert.strictEqual(getJson(e2e, ["-n", "default", "deployment", "openhands-app-2024"]).status.readyReplicas, 1);
    });

    it("destroys everything but the data: the protected claims stay, the same ones; the default namespace stays", async () => {
        await phase("destroy --exclude-protected", () => stack.destroy({ excludeProtected: true }));
        assert.deepStrictEqual(claims(), claimsAtFirst, "the data survives");
        assert.strictEqual(getJson(e2e, ["clusterrole", "privileged-role"]), undefined);
        assert.strictEqual(getJson(e2e, ["clusterrolebinding", "privileged-role-binding"]), undefined);
        const leftovers = getJson(e2e, ["all,secrets,serviceaccounts,networkpolicies", "-A", "-l", "app.kubernetes.io/part-of=openhands"]);
        assert.deepStrictEqual(leftovers.items.map((i: any) => `${i.kind}/${i.metadata.name}`), []);
        assert.ok(getJson(e2e, ["namespace", "default"]), "the namespace default is never deleted");
        kubectl(e2e, ["-n", "default", "delete", "pvc", "openhands-workspace", "openhands-state", "--wait=false"]);
    });
});
