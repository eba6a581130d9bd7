/**
 * `sandboxes: pods` deployed for real with `pulumi up` on the local control plane, both stacks:
 * openshift with agent-sandbox installed by the component (its CRDs from the files of the pinned
 * module, its controller's Deployment, ServiceAccount and ClusterRole), gke (`createCluster:
 * false`) with `agentSandbox: existing`, on the installation the first one made.
 *
 * Then the parts kwok cannot run (it runs no containers) are run here, each with the identity the
 * stack gave it: agent-sandbox's real controller (built from its Go module) with a token of the
 * component's controller ServiceAccount, and the adapter (this package's code, in this process)
 * with the environment of the deployed Deployment, the key from the deployed Secret and a token of
 * its ServiceAccount. The app's calls are replayed against that adapter: start, running, list,
 * batch, pause (the volume stays), resume (a new key), stop (everything collected).
 */
import * as assert from "assert";
import { type ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { type Stack } from "@pulumi/pulumi/automation";
import { readConfig } from "../../adapter/config";
import { KubeClient } from "../../adapter/kube-client";
import { type Logger } from "../../adapter/log";
import { RuntimeApi } from "../../adapter/runtime-api";
import { sandboxName } from "../../adapter/sandbox-objects";
import { type AdapterServer, startServer } from "../../adapter/server";
import { type E2eEnvironment, setUp, tearDown } from "../../scripts/e2e/cluster-environment";
import { appStartBody, call } from "../adapter/app-client";
import { getJson, kubectl, phase, projectStack, waitFor } from "./helpers";

const APP_NS = "openhands";
const SANDBOX_NS = "openhands-sandboxes";
const GKE_NS = "openhands-gke";
const CONTROLLER_NS = "agent-sandbox-system";
const SESSION = "7a1c2a9d8e7b6a5f4e3d2c1b0a991234";

/** A default StorageClass and volumes made ahead (no provisioner here): the state claims and the sandboxes' workspaces. */
const STORAGE = [
    { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "e2e-pods",
        annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: "Immediate", reclaimPolicy: "Retain" },
    ...[1, 2, 3, 4, 5, 6].map((i) => ({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name: `e2e-pods-disk-${i}` },
        spec: { storageClassName: "e2e-pods", capacity: { storage: "20Gi" }, accessModes: ["ReadWriteOnce"],
            persistentVolumeReclaimPolicy: "Retain", hostPath: { path: `/var/lib/e2e-pods-disk-${i}` } } })),
];

/** The toolchain's copy of agent-sandbox's CRDs (from the Go module the controller is built from). */
function crdFiles(e2e: E2eEnvironment): string[] {
    assert.ok(e2e.bin, "the toolchain's bin directory");
    const dir = path.join(path.dirname(e2e.bin), "agent-sandbox", "crds");
    return fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort().map((f) => path.join(dir, f));
}

/** A kubeconfig for the local API server with a token of a ServiceAccount. */
function serviceAccountKubeconfig(e2e: E2eEnvironment, namespace: string, account: string, file: string): { server: string; token: string; ca: Buffer } {
    const token = kubectl(e2e, ["-n", namespace, "create", "token", account, "--duration=1h"]);
    assert.strictEqual(token.status, 0, token.stderr);
    const view = JSON.parse(kubectl(e2e, ["config", "view", "--raw", "--minify", "-o", "json"]).stdout);
    const cluster = view.clusters[0].cluster;
    const identity = { server: cluster.server as string, token: token.stdout.trim(), ca: Buffer.from(cluster["certificate-authority-data"], "base64") };
    fs.writeFileSync(file, JSON.stringify({
        apiVersion: "v1", kind: "Config", "current-context": "sa",
        clusters: [{ name: "local", cluster: { server: identity.server, "certificate-authority-data": cluster["certificate-authority-data"] } }],
        users: [{ name: account, user: { token: identity.token } }],
        contexts: [{ name: "sa", context: { cluster: "local", user: account } }],
    }), { mode: 0o600 });
    return identity;
}

/** A free loopback port. */
function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** The value of an env entry of a deployed container: plain, or read from the Secret it names. */
function envValue(e2e: E2eEnvironment, namespace: string, entry: any): string {
    if (entry.value !== undefined) return entry.value;
    const ref = entry.valueFrom.secretKeyRef;
    const secret = getJson(e2e, ["-n", namespace, "secret", ref.name]);
    return Buffer.from(secret.data[ref.key], "base64").toString("utf8");
}

describe("e2e: sandboxes as pods, both stacks deployed with pulumi up", function () {
    this.timeout(25 * 60 * 1000);
    let e2e: E2eEnvironment;
    let openshift: Stack;
    let gke: Stack;
    let controller: ChildProcess | undefined;
    let controllerLog = "";
    let server: AdapterServer | undefined;
    let kube: KubeClient | undefined;
    let apiKey = "";
    let base = "";
    const adapterLog: string[] = [];
    const name = sandboxName(SESSION);

    before(async () => {
        e2e = setUp();
        const made = kubectl(e2e, ["apply", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "List", items: STORAGE }));
        assert.strictEqual(made.status, 0, made.stderr);
        openshift = await projectStack(e2e, "e2e-pods-openshift", {
            "openhands:platform": { value: "openshift" },
            "openhands:sandboxes": { value: "pods" },
            "openhands:nodePort": { value: "30310" },
            "openhands:agentSandboxCrds": { list: crdFiles(e2e) },
            "openhands:sandboxStorageSize": { value: "1Gi" },
        });
        gke = await projectStack(e2e, "e2e-pods-gke", {
            "openhands:platform": { value: "gke" },
            "openhands:createCluster": { value: "false" },
            "openhands:namespace": { value: GKE_NS },
            "openhands:sandboxes": { value: "pods" },
            "openhands:agentSandbox": { value: "existing" },
            "openhands:loadBalancerSourceRanges": { list: ["127.0.0.0/8"] },
        });
    });

    afterEach(function () {
        if (this.currentTest?.state !== "failed" || !e2e) return;
        console.log(`      [e2e] adapter log (last 20 lines):\n${adapterLog.slice(-20).join("\n")}`);
        console.log(`      [e2e] agent-sandbox-controller log (last 30 lines):\n${controllerLog.split("\n").slice(-30).join("\n")}`);
        console.log(`      [e2e] objects: ${kubectl(e2e, ["get", "pods,sandboxes.agents.x-k8s.io,pvc,secrets", "-A", "-o", "wide"]).stdout}`);
    });

    after(async () => {
        if (server) await server.close(1_000);
        kube?.close();
        controller?.kill("SIGTERM");
        for (const stack of [gke, openshift]) if (stack) await stack.destroy().catch(() => undefined);
        if (e2e) tearDown(e2e);
    });

    it("deploys the openshift stack, agent-sandbox installed by the component, with no Docker engine", async () => {
        const result = await phase("up (openshift, pods)", () => openshift.up());
        assert.strictEqual(result.summary.result, "succeeded");
        assert.strictEqual(result.outputs.dockerEngine.value, "none");
        const crd = getJson(e2e, ["crd", "sandboxes.agents.x-k8s.io"]);
        assert.ok(crd.status.conditions.some((c: any) => c.type === "Established" && c.status === "True"), "the CRD is established");
        assert.ok(getJson(e2e, ["-n", CONTROLLER_NS, "deployment", "agent-sandbox-controller"]), "the controller's Deployment");
    });

    it("deploys the gke stack on the same cluster with agentSandbox existing, making nothing of agent-sandbox", async () => {
        const result = await phase("up (gke, pods, existing)", () => gke.up());
        assert.strictEqual(result.summary.result, "succeeded");
        const state = await gke.exportStack();
        const types = (state.deployment?.resources ?? []).map((r: any) => r.type as string);
        assert.ok(!types.some((t: string) => /ClusterRole|yaml\/v2:ConfigGroup/.test(t)), types.join(", "));
        assert.strictEqual(result.outputs.loadBalancerAddress.value !== "", true);
    });

    it("runs zero privileged containers and no hostPath, and every namespace of the stacks enforces restricted", () => {
        const namespaces = [APP_NS, SANDBOX_NS, CONTROLLER_NS, GKE_NS, `${GKE_NS}-sandboxes`];
        const pods = getJson(e2e, ["pods", "-A"]).items.filter((p: any) => namespaces.includes(p.metadata.namespace));
        assert.ok(pods.length >= 4, `the app pods, the adapters and the controller: ${pods.map((p: any) => p.metadata.name).join(", ")}`);
        for (const pod of pods) {
            for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
                assert.notStrictEqual(c.securityContext?.privileged, true, `${pod.metadata.name}/${c.name}`);
            }
            assert.ok(!(pod.spec.volumes ?? []).some((v: any) => v.hostPath), `${pod.metadata.name} mounts a hostPath`);
            assert.strictEqual(pod.status.phase, "Running", pod.metadata.name);
        }
        for (const ns of namespaces) {
            assert.strictEqual(getJson(e2e, ["namespace", ns]).metadata.labels["pod-security.kubernetes.io/enforce"], "restricted", ns);
        }
        // And the API server enforces it: a privileged pod in the sandbox namespace is refused at admission.
        const privileged = kubectl(e2e, ["-n", SANDBOX_NS, "run", "privileged-probe", "--image=openhands-e2e/none:1",
            "--privileged", "--dry-run=server"]);
        assert.notStrictEqual(privileged.status, 0, privileged.stdout);
        assert.match(privileged.stderr, /violates PodSecurity "restricted:latest"/);
    });

    it("runs agent-sandbox's real controller with the identity the component made for it", async () => {
        assert.ok(e2e.ownsCluster && e2e.bin, "needs the local control plane and the toolchain's controller");
        const kubeconfig = path.join(e2e.tmp, "agent-sandbox-sa.kubeconfig");
        serviceAccountKubeconfig(e2e, CONTROLLER_NS, "agent-sandbox-controller", kubeconfig);
        const probe = await freePort();
        controller = spawn(path.join(e2e.bin, "agent-sandbox-controller"), ["--kubeconfig", kubeconfig, "--leader-elect=false",
            "--metrics-bind-address", "0", "--health-probe-bind-address", `127.0.0.1:${probe}`], { env: e2e.env });
        controller.stdout?.on("data", (d) => { controllerLog += d; });
        controller.stderr?.on("data", (d) => { controllerLog += d; });
        await phase("controller /readyz", () => waitFor("the controller's /readyz", 60_000, async () => {
            const ok = await fetch(`http://127.0.0.1:${probe}/readyz`).then((r) => r.ok, () => false);
            return ok ? true : undefined;
        }));
    });

    it("starts the adapter with the deployed Deployment's environment, key and ServiceAccount", async () => {
        const deployment = getJson(e2e, ["-n", APP_NS, "deployment", "openhands-sandbox-api"]);
        const container = deployment.spec.template.spec.containers[0];
        const env: Record<string, string> = {};
        for (const entry of container.env) env[entry.name] = envValue(e2e, APP_NS, entry);
        apiKey = env.ADAPTER_API_KEY;
        const app = getJson(e2e, ["-n", APP_NS, "pod", "openhands"]);
        const appKey = app.spec.containers[0].env.find((e: any) => e.name === "SANDBOX_API_KEY");
        assert.strictEqual(envValue(e2e, APP_NS, appKey), apiKey, "the app sends the key the adapter checks");
        const config = readConfig(env);
        assert.strictEqual(config.namespace, SANDBOX_NS);
        const identity = serviceAccountKubeconfig(e2e, APP_NS, "openhands-sandbox-api", path.join(e2e.tmp, "adapter.kubeconfig"));
        kube = new KubeClient(identity);
        const logger: Logger = { log: (level, msg, fields) => adapterLog.push(JSON.stringify({ level, msg, ...fields })) };
        server = await startServer(new RuntimeApi({ config, kube, logger }), logger, 0, "127.0.0.1");
        base = `http://127.0.0.1:${server.port}`;
    });

    const app = (method: string, route: string, body?: unknown) => call(base, method, route, { key: apiKey, body });
    const runtimeWith = (status: string) => waitFor(`the sandbox to report ${status}`, 120_000, async () => {
        const reply = await app("GET", `/sessions/${SESSION}`);
        return reply.status === 200 && reply.json.status === status ? reply.json : undefined;
    });

    let started: any;
    it("replays the app's calls: start -> running, list, batch, pause keeps the volume, resume gives a new key", async () => {
        const reply = await phase("POST /start", () => app("POST", "/start", { ...appStartBody(SESSION), image: "ghcr.io/openhands/agent-server:1.34.0-python" }));
        assert.strictEqual(reply.status, 200, JSON.stringify(reply.json));
        started = reply.json;
        assert.strictEqual(started.url, `http://localhost:30310/sandbox/${name}`);
        await phase("start -> running", () => runtimeWith("running"));
        assert.deepStrictEqual((await app("GET", "/list")).json.runtimes.map((r: any) => r.session_id), [SESSION]);
        assert.deepStrictEqual((await app("GET", `/sessions/batch?ids=${SESSION}`)).json.map((r: any) => r.status), ["running"]);

        const claim = getJson(e2e, ["-n", SANDBOX_NS, "pvc", `workspace-${name}`]);
        assert.strictEqual((await app("POST", "/pause", { runtime_id: started.runtime_id })).status, 200);
        await waitFor("the paused sandbox's pod to go", 60_000, () => (getJson(e2e, ["-n", SANDBOX_NS, "pod", name]) ? undefined : true));
        assert.strictEqual(getJson(e2e, ["-n", SANDBOX_NS, "pvc", `workspace-${name}`]).metadata.uid, claim.metadata.uid, "the same volume");

        const resumed = await app("POST", "/resume", { runtime_id: started.runtime_id });
        assert.strictEqual(resumed.status, 200);
        assert.notStrictEqual(resumed.json.session_api_key, started.session_api_key);
        await phase("resume -> running", () => runtimeWith("running"));
        const quota = getJson(e2e, ["-n", SANDBOX_NS, "resourcequota", "sandboxes"]);
        assert.strictEqual(quota.status.used.pods, "1", "the quota counts the sandbox's pod");
    });

    it("refuses anything the app's key does not open", async () => {
        assert.strictEqual((await call(base, "GET", "/list", { key: "not-the-key-0123456789" })).status, 401);
        assert.strictEqual((await app("GET", "/sessions/00000000000000000000000000000000")).status, 404);
    });

    it("stops it: the Sandbox, its pod, Service, claim and Secret are all collected", async () => {
        assert.strictEqual((await app("POST", "/stop", { runtime_id: started.runtime_id })).status, 200);
        await phase("stop -> collected", () => waitFor("every object of the sandbox to go", 180_000, () => {
            const left = ["sandboxes.agents.x-k8s.io", "pods", "services", "pvc", "secrets"].flatMap((kind) =>
                getJson(e2e, ["-n", SANDBOX_NS, kind]).items.map((i: any) => `${kind}/${i.metadata.name}`));
            return left.length === 0 ? true : undefined;
        }, () => kubectl(e2e, ["-n", SANDBOX_NS, "get", "all,pvc,secrets"]).stdout));
    });

    it("lets the adapter's identity do nothing outside the sandbox namespace", () => {
        const canI = (args: string[]): string =>
            kubectl(e2e, ["auth", "can-i", `--as=system:serviceaccount:${APP_NS}:openhands-sandbox-api`, ...args]).stdout.trim();
        assert.strictEqual(canI(["create", "sandboxes.agents.x-k8s.io", "-n", SANDBOX_NS]), "yes");
        for (const args of [["get", "secrets", "-n", APP_NS], ["create", "pods", "-n", SANDBOX_NS], ["create", "pods/exec", "-n", SANDBOX_NS],
            ["create", "sandboxes.agents.x-k8s.io", "-n", GKE_NS], ["list", "secrets", "-n", "kube-system"], ["create", "rolebindings", "-n", SANDBOX_NS]]) {
            assert.strictEqual(canI(args), "no", args.join(" "));
        }
    });

    it("keeps both stacks unchanged on a second preview (the generated key included)", async () => {
        for (const stack of [openshift, gke]) {
            const preview = await stack.preview();
            const changed = Object.entries(preview.changeSummary).filter(([op, n]) => op !== "same" && (n ?? 0) > 0);
            assert.deepStrictEqual(changed, [], `${stack.name}:\n${preview.stdout}`);
        }
    });
});
