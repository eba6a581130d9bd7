/**
 * The `openshift` stack file under mocks: every value the guide's OpenShift
 * part sets, and the fixes of its known defects.
 */
import * as assert from "assert";
import { GUIDE_VALUES } from "../components/settings/catalog";
import { runGuideStack, runStack, type StackRun } from "./support/stack";
import { warningsFor } from "./support/settings";
import { TYPE } from "./support/types";

const T = TYPE;

describe("openshift stack (Pulumi.openshift.yaml)", () => {
    let run: StackRun;
    before(async () => { run = await runGuideStack("openshift"); });

    const container = (name: string) => run.one(T.pod).inputs.spec.containers.find((c: any) => c.name === name);

    it("creates the namespace openhands and puts every namespaced object in it", () => {
        assert.strictEqual(run.one(T.namespace).inputs.metadata.name, "openhands");
        for (const type of [T.pvc, T.pod, T.service]) {
            for (const r of run.all(type)) assert.strictEqual(r.inputs.metadata.namespace, "openhands", type);
        }
    });

    it("makes the guide's objects plus a state volume: three PVs, three claims, one Pod, one Service", () => {
        assert.deepStrictEqual(run.all(T.pv).map((r) => r.inputs.metadata.name).sort(), ["docker-pv", "state-pv", "workspace-pv"]);
        assert.deepStrictEqual(run.all(T.pvc).map((r) => r.inputs.metadata.name).sort(),
            ["docker-pvc", "openhands-state", "workspace-pvc"]);
        assert.strictEqual(run.all(T.pod).length, 1);
        assert.strictEqual(run.all(T.deployment).length, 0);
        assert.strictEqual(run.all(T.service).length, 1);
        assert.strictEqual(run.all("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole").length, 0);
        assert.strictEqual(run.all("gcp:container/cluster:Cluster").length, 0);
    });

    it("gives both PVs the guide's capacity, access mode, reclaim policy and host paths", () => {
        const expectedPaths: Record<string, string> = { "workspace-pv": "/tmp/workspace", "docker-pv": "/var/run/docker.sock" };
        for (const pv of [run.one(T.pv, "workspace-pv"), run.one(T.pv, "docker-pv")]) {
            assert.deepStrictEqual(pv.inputs.spec.capacity, { storage: "2Gi" });
            assert.deepStrictEqual(pv.inputs.spec.accessModes, ["ReadWriteOnce"]);
            assert.strictEqual(pv.inputs.spec.persistentVolumeReclaimPolicy, "Retain");
            assert.strictEqual(pv.inputs.spec.hostPath.path, expectedPaths[pv.inputs.metadata.name]);
        }
        assert.strictEqual(run.one(T.pv, "docker-pv").inputs.spec.hostPath.type, "Socket");
    });

    it("binds each claim to its own PV instead of a dynamically provisioned volume (defect 1)", () => {
        for (const [claimName, volumeName] of [["workspace-pvc", "workspace-pv"], ["docker-pvc", "docker-pv"], ["openhands-state", "state-pv"]]) {
            const claim = run.one(T.pvc, claimName).inputs;
            const volume = run.one(T.pv, volumeName).inputs;
            assert.deepStrictEqual(claim.spec.accessModes, ["ReadWriteOnce"]);
            assert.deepStrictEqual(claim.spec.resources.requests, { storage: "1Gi" }, claimName);
            assert.strictEqual(claim.spec.storageClassName, "", "claim opts out of the default StorageClass");
            assert.strictEqual(claim.spec.volumeName, volumeName);
            assert.strictEqual(volume.spec.storageClassName, "");
            assert.deepStrictEqual(volume.spec.claimRef, { namespace: "openhands", name: claimName });
        }
    });

    it("runs the guide's Pod openhands-app-2024 with label app=openhands-app-2024 and two containers", () => {
        const pod = run.one(T.pod).inputs;
        assert.strictEqual(pod.metadata.name, "openhands-app-2024");
        assert.strictEqual(pod.metadata.labels.app, "openhands-app-2024");
        assert.deepStrictEqual(pod.spec.containers.map((c: any) => c.name), ["openhands-app-2024", "openhands-sandbox-2024"]);
    });

    it("sets the app container's image, env, mounts and port as the guide", () => {
        const app = container("openhands-app-2024");
        assert.strictEqual(app.image, "ghcr.io/all-hands-ai/openhands:main");
        const env = Object.fromEntries(app.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
        assert.strictEqual(env.SANDBOX_USER_ID, "1000");
        // The guide's /opt/workspace_base was, for the node's Docker, a node directory outside the volume: the
        // sandboxes now bind-mount the workspace PV's own directory, on the node it is tied to (issue 25).
        assert.strictEqual(env.WORKSPACE_MOUNT_PATH, "/tmp/workspace");
        assert.strictEqual(run.one(T.pv, "workspace-pv").inputs.spec.hostPath.path, env.WORKSPACE_MOUNT_PATH);
        assert.deepStrictEqual(app.volumeMounts.slice(0, 2), [
            { name: "workspace-volume", mountPath: "/opt/workspace_base" },
            { name: "docker-sock", mountPath: "/var/run/docker.sock" },
        ]);
        assert.deepStrictEqual(app.ports.map((p: any) => p.containerPort), [3000]);
        assert.ok(!app.securityContext.privileged, "the OpenShift app is not privileged");
    });

    it("runs the sandbox container's sshd on 51963 with -p and the port as separate arguments", () => {
        const sandbox = container("openhands-sandbox-2024");
        assert.strictEqual(sandbox.image, "ghcr.io/all-hands-ai/sandbox:main");
        assert.deepStrictEqual(sandbox.ports.map((p: any) => p.containerPort), [51963]);
        assert.deepStrictEqual(sandbox.command, ["/usr/sbin/sshd", "-D", "-p", "51963", "-o", "PermitRootLogin=yes"]);
    });

    it("mounts the workspace and the socket through the guide's two claims", () => {
        assert.deepStrictEqual(run.one(T.pod).inputs.spec.volumes.slice(0, 2), [
            { name: "workspace-volume", persistentVolumeClaim: { claimName: "workspace-pvc" } },
            { name: "docker-sock", persistentVolumeClaim: { claimName: "docker-pvc" } },
        ]);
    });

    it("keeps the app's file store on a bound hostPath volume so conversations survive the pod", () => {
        assert.deepStrictEqual(run.one(T.pod).inputs.spec.volumes[2],
            { name: "openhands-state", persistentVolumeClaim: { claimName: "openhands-state" } });
        const app = container("openhands-app-2024");
        assert.deepStrictEqual(app.volumeMounts[2], { name: "openhands-state", mountPath: "/.openhands" });
        const env = Object.fromEntries(app.env.map((e: any) => [e.name, e.value]));
        assert.strictEqual(env.FILE_STORE, "local");
        assert.strictEqual(env.FILE_STORE_PATH, "/.openhands");
        const pv = run.one(T.pv, "state-pv").inputs.spec;
        assert.deepStrictEqual(pv.hostPath, { path: "/var/lib/openhands", type: "DirectoryOrCreate" });
        assert.deepStrictEqual(pv.capacity, { storage: "1Gi" });
    });

    it("makes exactly the guide's two PVs and claims when openhands:persistentState is false", async () => {
        const guide = await runGuideStack("openshift", { "openhands:persistentState": "false" });
        assert.deepStrictEqual(guide.all(T.pv).map((r) => r.inputs.metadata.name).sort(), ["docker-pv", "workspace-pv"]);
        assert.deepStrictEqual(guide.all(T.pvc).map((r) => r.inputs.metadata.name).sort(), ["docker-pvc", "workspace-pvc"]);
        const app = guide.one(T.pod).inputs.spec.containers[0];
        assert.strictEqual(app.volumeMounts.length, 2);
        assert.ok(!app.env.some((e: any) => e.name === "FILE_STORE_PATH"));
    });

    it("tells the app where the Docker host is through the downward API (defect 5)", () => {
        const env = container("openhands-app-2024").env;
        assert.deepStrictEqual(env.find((e: any) => e.name === "HOST_IP").valueFrom, { fieldRef: { fieldPath: "status.hostIP" } });
        assert.strictEqual(env.find((e: any) => e.name === "SANDBOX_LOCAL_RUNTIME_URL").value, "http://$(HOST_IP)");
        assert.strictEqual(env.find((e: any) => e.name === "SANDBOX_API_HOSTNAME"), undefined);
    });

    it("exposes port 3000 through NodePort Service openhands-app-2024 selecting the Pod", () => {
        const svc = run.one(T.service).inputs;
        assert.strictEqual(svc.metadata.name, "openhands-app-2024");
        assert.strictEqual(svc.metadata.labels.app, "openhands-app-2024");
        assert.strictEqual(svc.spec.type, "NodePort");
        assert.deepStrictEqual(svc.spec.selector, { app: "openhands-app-2024" });
        assert.deepStrictEqual(svc.spec.ports, [{ name: "3000-3000", port: 3000, targetPort: 3000, protocol: "TCP" }]);
    });

    it("parents every Kubernetes object to the OpenHands component", () => {
        const k8sResources = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(k8sResources.length >= 7);
        for (const r of k8sResources) assert.strictEqual(r.parentType, T.component, `${r.type} ${r.name}`);
    });

    it("exports the namespace, service, node port and how to open the UI", () => {
        assert.strictEqual(run.outputs.platform, "openshift");
        assert.strictEqual(run.outputs.namespace, "openhands");
        assert.strictEqual(run.outputs.serviceName, "openhands-app-2024");
        assert.strictEqual(run.outputs.workload, "Pod/openhands-app-2024");
        assert.strictEqual(run.outputs.nodePort, 30495);
        assert.match(String(run.outputs.uiAccess), /:30495\//);
        assert.match(String(run.outputs.uiAccess), /port-forward svc\/openhands-app-2024 3000:3000/);
        assert.strictEqual(run.outputs.kubeconfig, undefined);
    });

    it("pins the node port when openhands:nodePort is set", async () => {
        const pinned = await runGuideStack("openshift", { "openhands:nodePort": "31234" });
        assert.strictEqual(pinned.one(T.service).inputs.spec.ports[0].nodePort, 31234);
        assert.strictEqual(pinned.outputs.nodePort, 31234);
    });

    it("pins the Pod and both hostPath PVs to openhands:nodeName (defect 2)", async () => {
        const pinned = await runGuideStack("openshift", { "openhands:nodeName": "worker1" });
        assert.deepStrictEqual(pinned.one(T.pod).inputs.spec.nodeSelector, { "kubernetes.io/hostname": "worker1" });
        for (const pv of pinned.all(T.pv)) {
            assert.deepStrictEqual(pv.inputs.spec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions,
                [{ key: "kubernetes.io/hostname", operator: "In", values: ["worker1"] }]);
        }
    });

    it("ties every hostPath PV to the stack's node by default, so a replacement pod starts where the data is", () => {
        // The stack needs openhands:nodeName (the runs here give worker-1, as a user sets it before the first up).
        assert.deepStrictEqual(run.one(T.pod).inputs.spec.nodeSelector, { "kubernetes.io/hostname": "worker-1" });
        assert.strictEqual(run.all(T.pv).length, 3);
        for (const pv of run.all(T.pv)) {
            assert.deepStrictEqual(pv.inputs.spec.nodeAffinity.required.nodeSelectorTerms,
                [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: ["worker-1"] }] }], pv.inputs.metadata.name);
        }
    });

    it("keeps the workspace outside /tmp by default (the guide's /tmp/workspace among the guide's values, with a warning)", async () => {
        const today = await runStack("openshift");
        assert.strictEqual(today.one(T.pv, "workspace-pv").inputs.spec.hostPath.path, "/var/lib/openhands-workspace");
        assert.strictEqual(today.one(T.pv, "state-pv").inputs.spec.hostPath.path, "/var/lib/openhands");
        assert.ok(warningsFor({ platform: "openshift", ...GUIDE_VALUES }).some((w) => /workspaceHostPath '\/tmp\/workspace' is under \/tmp/.test(w)));
        assert.ok(!warningsFor({ platform: "openshift", nodePort: 30300 }).some((w) => /under \/tmp/.test(w)));
    });

    it("uses an existing namespace when openhands:createNamespace is false", async () => {
        const existing = await runGuideStack("openshift", { "openhands:createNamespace": "false", "openhands:namespace": "team-a" });
        assert.strictEqual(existing.all(T.namespace).length, 0);
        assert.strictEqual(existing.one(T.pod).inputs.metadata.namespace, "team-a");
        assert.deepStrictEqual(existing.one(T.pv, "docker-pv").inputs.spec.claimRef, { namespace: "team-a", name: "docker-pvc" });
        assert.strictEqual(existing.outputs.namespace, "team-a");
    });

    it("runs the same pod spec as a Deployment when openhands:workload is Deployment", async () => {
        const deployed = await runGuideStack("openshift", { "openhands:workload": "Deployment" });
        assert.strictEqual(deployed.all(T.pod).length, 0);
        const deployment = deployed.one(T.deployment).inputs;
        assert.strictEqual(deployment.spec.template.spec.volumes[0].persistentVolumeClaim.claimName, "workspace-pvc");
        assert.deepStrictEqual(deployment.spec.selector.matchLabels, { app: "openhands-app-2024" });
    });

    it("overrides images, sizes and host path from config", async () => {
        const custom = await runGuideStack("openshift", {
            "openhands:appImage": "registry.example/openhands:0.59.0",
            "openhands:workspaceSize": "20Gi",
            "openhands:workspaceClaimSize": "10Gi",
            "openhands:workspaceHostPath": "/srv/openhands",
            "openhands:sandboxUserId": "0",
        });
        const app = custom.one(T.pod).inputs.spec.containers[0];
        assert.strictEqual(app.image, "registry.example/openhands:0.59.0");
        assert.strictEqual(app.env.find((e: any) => e.name === "SANDBOX_USER_ID").value, "0");
        assert.strictEqual(custom.one(T.pv, "workspace-pv").inputs.spec.hostPath.path, "/srv/openhands");
        assert.strictEqual(custom.one(T.pv, "workspace-pv").inputs.spec.capacity.storage, "20Gi");
        assert.strictEqual(custom.one(T.pvc, "workspace-pvc").inputs.spec.resources.requests.storage, "10Gi");
    });
});
