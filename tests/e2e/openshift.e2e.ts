/**
 * The openshift stack with the real Pulumi engine and Kubernetes provider against a
 * real API server: preview, up, read back, a no-op up, a change, bad config, destroy.
 */
import * as assert from "assert";
import { type Stack } from "@pulumi/pulumi/automation";
import { runStack } from "../support/stack";
import { type E2eEnvironment, setUp, tearDown } from "../../scripts/e2e/cluster-environment";
import { getJson, kubectl, phase, podSecurityControls, POLICY_PACK, projectStack } from "./helpers";

/** The version of @pulumi/kubernetes: its resources ask for the default provider of that version. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kubernetesSdkVersion = (require("@pulumi/kubernetes/package.json") as { version: string }).version.replace(/^v/, "");

const NODE_PORT = "30495";
/** The local control plane's one (kwok) node: it holds the hostPath data. */
const NODE = "e2e-node-0";
const CONFIG = {
    "openhands:platform": { value: "openshift" },
    "openhands:guideNames": { value: "true" },
    "openhands:nodePort": { value: NODE_PORT },
    "openhands:nodeName": { value: NODE },
};

/** The guide's pod as its YAML writes it, to measure the warnings it gets. */
const GUIDE_POD = JSON.stringify({
    apiVersion: "v1", kind: "Pod",
    metadata: { name: "guide-pod", labels: { app: "guide-pod" } },
    spec: {
        containers: [
            { name: "openhands-app-2024", image: "ghcr.io/all-hands-ai/openhands:main", ports: [{ containerPort: 3000 }] },
            { name: "openhands-sandbox-2024", image: "ghcr.io/all-hands-ai/sandbox:main", ports: [{ containerPort: 51963 }],
                command: ["/usr/sbin/sshd", "-D", "-p 51963", "-o", "PermitRootLogin=yes"] },
        ],
    },
});

describe("e2e: openshift stack on a real API server", function () {
    this.timeout(20 * 60 * 1000);
    let e2e: E2eEnvironment;
    let stack: Stack;
    let upOutput = "";

    before(async () => {
        e2e = setUp();
        stack = await projectStack(e2e, "e2e-openshift", CONFIG);
    });
    after(async () => {
        if (stack) await stack.destroy().catch(() => undefined);
        if (e2e) tearDown(e2e);
    });

    it("refuses a bad config value in preview and up, naming the key, and creates nothing", async () => {
        const bad = await projectStack(e2e, "e2e-bad", { ...CONFIG, "openhands:nodePort": { value: "80" } });
        for (const run of [() => bad.preview(), () => bad.up()]) {
            await assert.rejects(run, (err: Error) => {
                assert.match(err.message, /openhands:nodePort/);
                assert.match(err.message, /30000 to 32767/);
                return true;
            });
        }
        assert.strictEqual(getJson(e2e, ["pv", "workspace-pv"]), undefined);
        assert.strictEqual(getJson(e2e, ["namespace", "openhands"]), undefined);
        const state = await bad.exportStack();
        assert.ok((state.deployment?.resources ?? []).every((r: any) => r.type === "pulumi:pulumi:Stack"), "no resource in state");
        await bad.workspace.removeStack("e2e-bad");
    });

    it("previews exactly the resources the program declares under mocks", async () => {
        // CONFIG is the stack file's without the SCC binding (there is no OpenShift here).
        const mocked = await runStack("openshift", { "openhands:nodePort": NODE_PORT, "openhands:nodeName": NODE }, [], ["openhands:openshiftScc"]);
        const planned: string[] = [];
        const result = await phase("preview", () => stack.preview({
            onEvent: (event) => {
                const meta = event.resourcePreEvent?.metadata;
                if (meta?.op === "create" && !meta.type.startsWith("pulumi:providers:")) planned.push(meta.type);
            },
        }));
        console.log(`      [e2e] preview: ${JSON.stringify(result.changeSummary)}; the program declares ${mocked.resources.length}`);
        // The stack resource comes on top of what the program registers; providers are left out of both.
        const declared = [...mocked.resources.map((r) => r.type).filter((t) => !t.startsWith("pulumi:providers:")), "pulumi:pulumi:Stack"];
        assert.deepStrictEqual(planned.sort(), declared.sort());
        assert.strictEqual(result.changeSummary.create, planned.length);
    });

    it("deploys: up succeeds", async () => {
        const result = await phase("up", () => stack.up({ onOutput: (out) => { upOutput += out; } }));
        assert.strictEqual(result.summary.result, "succeeded");
        assert.strictEqual(result.outputs.nodePort.value, Number(NODE_PORT));
        assert.strictEqual(result.outputs.namespace.value, "openhands");
    });

    it("binds the workspace claim (and the state claim) to their hostPath PVs (defect 1)", () => {
        // The 1.x default runs its Docker daemon in the pod: no socket PV or claim.
        for (const [claim, volume] of [["workspace-pvc", "workspace-pv"], ["openhands-state", "state-pv"]]) {
            const pvc = getJson(e2e, ["-n", "openhands", "pvc", claim]);
            assert.strictEqual(pvc.status.phase, "Bound", claim);
            assert.strictEqual(pvc.spec.volumeName, volume);
            assert.strictEqual(getJson(e2e, ["pv", volume]).status.phase, "Bound", volume);
        }
    });

    it("runs the Pod Ready, proxy included, and exposes the proxy on the pinned node port with endpoints", () => {
        const pod = getJson(e2e, ["-n", "openhands", "pod", "openhands-app-2024"]);
        assert.ok(pod.status.conditions.some((c: any) => c.type === "Ready" && c.status === "True"), "Pod Ready");
        assert.deepStrictEqual(pod.spec.containers.map((c: any) => c.name), ["openhands-app-2024", "proxy"]);
        assert.ok(pod.status.containerStatuses.every((c: any) => c.ready), "every container ready");
        const pattern = pod.spec.containers[0].env.find((e: any) => e.name === "SANDBOX_CONTAINER_URL_PATTERN").value;
        assert.strictEqual(pattern, `http://localhost:${NODE_PORT}/runtime/{port}`);
        const configMap = getJson(e2e, ["-n", "openhands", "configmap", pod.spec.volumes.find((v: any) => v.name === "proxy-config").configMap.name]);
        assert.match(configMap.data["nginx.conf"], new RegExp(`listen\\s+(?:[\\d.]+:)?${NODE_PORT}\\b`));
        const svc = getJson(e2e, ["-n", "openhands", "service", "openhands-app-2024"]);
        assert.strictEqual(svc.spec.type, "NodePort");
        assert.strictEqual(svc.spec.ports[0].nodePort, Number(NODE_PORT));
        const slices = getJson(e2e, ["-n", "openhands", "endpointslices", "-l", "kubernetes.io/service-name=openhands-app-2024"]);
        const ready = slices.items.flatMap((s: any) => s.endpoints ?? []).filter((e: any) => e.conditions?.ready);
        assert.strictEqual(ready.length, 1, "one ready endpoint");
    });

    it("labels the namespace for PodSecurity; of its containers only the Docker daemon and the state step draw warnings", () => {
        const labels = getJson(e2e, ["namespace", "openhands"]).metadata.labels;
        // The claims are hostPath PVs, which admission cannot see through; the label says what the pod is.
        assert.strictEqual(labels["pod-security.kubernetes.io/enforce"], "privileged");
        assert.strictEqual(labels["pod-security.kubernetes.io/warn"], "restricted");
        // Both pods are submitted the same way (a server-side dry run in this namespace, whose warn
        // level is restricted), so the API server's own warnings compare them.
        const live = getJson(e2e, ["-n", "openhands", "pod", "openhands-app-2024"]);
        const oursAsDeployed = JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "ours-probe" }, spec: live.spec });
        let oursText = "";
        const warningsOf = (manifest: string) => {
            const result = kubectl(e2e, ["-n", "openhands", "create", "--dry-run=server", "-f", "-"], manifest);
            assert.strictEqual(result.status, 0, result.stderr);
            oursText ||= result.stderr;
            return podSecurityControls(result.stderr);
        };
        const ours = warningsOf(oursAsDeployed);
        const guide = warningsOf(GUIDE_POD);
        const duringUp = podSecurityControls(upOutput);
        console.log(`      [e2e] PodSecurity "restricted" warnings: ours ${ours.length} (${ours.join("; ")}), ` +
            `the guide's pod ${guide.length} (${guide.join("; ")}); reported by the provider during up: ${duringUp.length}`);
        assert.strictEqual(guide.length, 4);
        // The app (non-root, uid 42420) and the proxy are restricted; the privileged daemon and the short
        // root step that hands the hostPath state directory to the app are the named exceptions.
        const named = (container: string) => oursText.includes(`"${container}"`);
        assert.ok(named("docker-daemon"), oursText);
        assert.ok(!named("openhands-app-2024") && !named("proxy"), oursText);
    });

    it("passes every mandatory rule of the policy pack, and shows the advisory ones", async () => {
        let output = "";
        const result = await phase("preview with the policy pack", () =>
            stack.preview({ policyPacks: [POLICY_PACK], onOutput: (out) => { output += out; } }));
        assert.strictEqual(result.changeSummary.same !== undefined, true);
        const advisories = [...new Set([...output.matchAll(/\[advisory\]\s+(?:\S+\s+)?([a-z-]+)/g)].map((m) => m[1]))];
        console.log(`      [e2e] policy pack: advisory rules reported: ${advisories.join(", ") || "none"}`);
        // The 1.x default: no node socket, pinned images; the Docker daemon is the one privileged container.
        assert.match(output, /no-privileged-containers[\s\S]*container docker-daemon is privileged/);
        assert.doesNotMatch(output, /no-host-docker-socket|immutable-image-tags/);
        assert.doesNotMatch(output, /\[mandatory\]/);
    });

    it("changes nothing on a second up", async () => {
        const result = await phase("second up", () => stack.up());
        const changes = Object.entries(result.summary.resourceChanges ?? {}).filter(([op]) => op !== "same");
        assert.deepStrictEqual(changes, []);
    });

    it("keeps one Kubernetes provider in state: the default one, which its objects use", async () => {
        const resources: any[] = (await stack.exportStack()).deployment?.resources ?? [];
        const providers = resources.filter((r) => r.type === "pulumi:providers:kubernetes").map((r) => r.urn as string);
        assert.deepStrictEqual(providers.map((urn) => urn.split("::").pop()), [`default_${kubernetesSdkVersion.replace(/\./g, "_")}`]);
        const objects = resources.filter((r) => (r.type as string).startsWith("kubernetes:"));
        assert.ok(objects.length > 0);
        assert.deepStrictEqual(objects.filter((r) => !(r.provider as string).startsWith(`${providers[0]}::`)).map((r) => r.urn), []);
    });

    /** The identity (uid) of each object that holds data, to show it is the same one after a change. */
    const dataUids = () => ({
        statePv: getJson(e2e, ["pv", "state-pv"])?.metadata.uid,
        workspacePv: getJson(e2e, ["pv", "workspace-pv"])?.metadata.uid,
        stateClaim: getJson(e2e, ["-n", "openhands", "pvc", "openhands-state"])?.metadata.uid,
        workspaceClaim: getJson(e2e, ["-n", "openhands", "pvc", "workspace-pvc"])?.metadata.uid,
        namespace: getJson(e2e, ["namespace", "openhands"])?.metadata.uid,
    });
    let original: ReturnType<typeof dataUids>;

    /** The node each hostPath PV is tied to, and whether the PV and its claim are bound. */
    const placement = () => ["workspace-pv", "state-pv"].map((name) => {
        const pv = getJson(e2e, ["pv", name]);
        const claim = getJson(e2e, ["-n", "openhands", "pvc", pv.spec.claimRef.name]);
        return { name, nodes: pv.spec.nodeAffinity?.required?.nodeSelectorTerms?.[0]?.matchExpressions?.[0]?.values,
            pv: pv.status.phase, claim: claim.status.phase };
    });

    it("rolls a new app image onto a new Pod on the data's node, with the same PVs and claims, bound (issue 25)", async () => {
        const before = { uids: dataUids(), pod: getJson(e2e, ["-n", "openhands", "pod", "openhands-app-2024"]).metadata.uid };
        const tied = [{ name: "workspace-pv", nodes: [NODE], pv: "Bound", claim: "Bound" }, { name: "state-pv", nodes: [NODE], pv: "Bound", claim: "Bound" }];
        assert.deepStrictEqual(placement(), tied);
        await stack.setConfig("openhands:appImage", { value: "ghcr.io/openhands/openhands:1.7.0" });
        const result = await phase("up with a new image", () => stack.up());
        const changes = result.summary.resourceChanges ?? {};
        assert.ok((changes.update ?? 0) + (changes.replace ?? 0) >= 1, JSON.stringify(changes));
        const pod = getJson(e2e, ["-n", "openhands", "pod", "openhands-app-2024"]);
        assert.strictEqual(pod.spec.containers[0].image, "ghcr.io/openhands/openhands:1.7.0");
        console.log(`      [e2e] new image: pod ${before.pod === pod.metadata.uid ? "updated in place" : "replaced"}; on ${pod.spec.nodeName}`);
        assert.strictEqual(pod.spec.nodeName, NODE);
        assert.deepStrictEqual(dataUids(), before.uids, "the same PVs, claims and namespace");
        assert.deepStrictEqual(placement(), tied);
    });

    it("replaces the Pod on a config change and it comes back to the same PVs and claims, bound, on the data's node", async () => {
        const before = { uids: dataUids(), pod: getJson(e2e, ["-n", "openhands", "pod", "openhands-app-2024"]).metadata.uid };
        // A Pod's resources cannot change in place: Pulumi replaces it.
        // The key is an object in Pulumi.yaml: set one field by path, as `pulumi config set --path` does.
        await stack.setConfig("openhands:resources.app.memoryLimit", { value: "5Gi" }, true);
        await phase("up with a pod-replacing change", () => stack.up());
        const pod = getJson(e2e, ["-n", "openhands", "pod", "openhands-app-2024"]);
        assert.notStrictEqual(pod.metadata.uid, before.pod, "a new Pod");
        assert.strictEqual(pod.spec.nodeName, NODE);
        assert.deepStrictEqual(dataUids(), before.uids);
        assert.deepStrictEqual(placement().map((p) => [p.nodes, p.pv, p.claim]), [[[NODE], "Bound", "Bound"], [[NODE], "Bound", "Bound"]]);
    });

    it("keeps the same data volumes across a stateSize change and a refused namespace move", async () => {
        original = dataUids();
        assert.ok(Object.values(original).every((uid) => typeof uid === "string"), JSON.stringify(original));
        for (const [key, value] of [["openhands:stateSize", "2Gi"], ["openhands:namespace", "openhands-moved"]] as const) {
            await stack.setConfig(key, { value });
            let refusal = "";
            await phase(`up with ${key}=${value}`, () => stack.up()).catch((err: Error) => { refusal = err.message; });
            await stack.removeConfig(key);
            console.log(`      [e2e] ${key}=${value}: ${refusal ? `refused: ${refusal.split("\n").find((l) => /protect|error/i.test(l))?.trim()}` : "applied in place"}`);
            // A new namespace means new claims: Pulumi must refuse to replace the protected ones. A new
            // size may be applied to the same objects in place, or be refused; never a new, empty volume.
            if (key === "openhands:namespace") assert.match(refusal, /protect/, "the move must be refused: the data is protected");
            assert.deepStrictEqual(dataUids(), original, `${key}: the data's volumes are the same ones`);
            assert.strictEqual(getJson(e2e, ["namespace", "openhands-moved"]), undefined);
        }
    });

    it("destroys everything but the data: the volumes, their claims and their namespace stay, the same ones", async () => {
        await phase("destroy --exclude-protected", () => stack.destroy({ excludeProtected: true }));
        assert.deepStrictEqual(dataUids(), original, "the data survives");
        assert.strictEqual(getJson(e2e, ["pv", "docker-pv"]), undefined, "the socket's PV holds no data and goes");
        const leftovers = getJson(e2e, ["all,pvc,secrets,serviceaccounts,networkpolicies,roles,rolebindings", "-A",
            "-l", "app.kubernetes.io/part-of=openhands"]);
        assert.deepStrictEqual(leftovers.items.map((i: any) => `${i.kind}/${i.metadata.name}`).sort(),
            ["PersistentVolumeClaim/openhands-state", "PersistentVolumeClaim/workspace-pvc"]);
        // What a user does to let the data go too: delete it by hand (Pulumi keeps refusing).
        kubectl(e2e, ["delete", "namespace", "openhands", "--wait=false"]);
        kubectl(e2e, ["delete", "pv", "state-pv", "workspace-pv", "--wait=false"]);
    });
});
