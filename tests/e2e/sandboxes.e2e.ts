/**
 * Sandboxes as pods (issue 26), step 1b: the adapter's runtime API replayed the way OpenHands'
 * app calls it, against the real local control plane with kubernetes-sigs/agent-sandbox's
 * controller (built from its Go module, v1.0.3) running out of cluster, kube-controller-manager
 * collecting garbage and kwok making pods Running/Ready.
 *
 * The adapter runs in this process (its RuntimeApi, server and Kubernetes client; only
 * main.ts's in-cluster wiring is left out), with a token of its own ServiceAccount bound to
 * the namespaced Role of adapter/README.md, in a namespace that enforces Pod Security
 * `restricted`. The app's calls go over loopback HTTP with tests/adapter/app-client.ts.
 *
 * Stand-ins the local control plane needs (it has no storage provisioner and no kubelet):
 * a default StorageClass with hostPath volumes made ahead (bound by the controller manager,
 * never mounted), and kwok's pod lifecycle in place of a kubelet: pods become Running and Ready
 * without running anything, so readiness probes and images play no part here.
 */
import * as assert from "assert";
import { type KubeApiError, KubeClient } from "../../adapter/kube-client";
import { readConfig } from "../../adapter/config";
import { type Logger } from "../../adapter/log";
import { RuntimeApi } from "../../adapter/runtime-api";
import { ENV_KEYS, SESSION_ID_ANNOTATION, buildSandbox, sandboxLabels, sandboxName } from "../../adapter/sandbox-objects";
import { type AdapterServer, startServer } from "../../adapter/server";
import { parseStartRequest } from "../../adapter/start-request";
import { type E2eEnvironment, agentSandboxLog, setUp, startAgentSandbox, tearDown } from "../../scripts/e2e/cluster-environment";
import { appStartBody, call } from "../adapter/app-client";
import { getJson, kubectl, phase, waitFor } from "./helpers";

const NS = "openhands-sandboxes";
const SA = "openhands-adapter";
const API_KEY = "app-to-adapter-key-e2e-0123456789";
/** A conversation's id (32 hex characters) and a base62 one, as the app makes them. */
const SESSION = "4f1c2a9d8e7b6a5f4e3d2c1b0a998877";
const SESSION_PRIVILEGED = "Zk3PqRt8VwXy2AbCdEfGh1";
/** What the app sends; every URL in it is loopback (nothing here dials it). */
const appBody = (sessionId: string): Record<string, unknown> => ({
    ...appStartBody(sessionId, {
        OH_WEBHOOKS_0_BASE_URL: "http://127.0.0.1:3000/api/v1/webhooks",
        OH_ALLOW_CORS_ORIGINS_0: "http://127.0.0.1:3000",
    }),
    // Never pulled: kwok runs no containers.
    image: "openhands-e2e/agent-server:e2e",
});

/** The namespaced Role of adapter/README.md: exactly the verbs runtime-api.ts uses. */
const ADAPTER_RULES = [
    { apiGroups: ["agents.x-k8s.io"], resources: ["sandboxes"], verbs: ["get", "list", "create", "patch", "delete"] },
    { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "create", "patch", "delete"] },
    { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
];

/**
 * The local plane has no provisioner: a default StorageClass (immediate binding) with volumes
 * made ahead stands in for a cluster's, as in gke.e2e.ts. The controller manager binds each
 * workspace claim to one of them; no kubelet ever mounts them. Retain: a released volume is
 * not reused, so there is one per claim this suite makes.
 */
const STORAGE = [
    { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "e2e-sandboxes",
        annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: "Immediate", reclaimPolicy: "Retain" },
    ...[1, 2, 3].map((i) => ({ apiVersion: "v1", kind: "PersistentVolume", metadata: { name: `e2e-sandbox-disk-${i}` },
        spec: { storageClassName: "e2e-sandboxes", capacity: { storage: "5Gi" }, accessModes: ["ReadWriteOnce"],
            persistentVolumeReclaimPolicy: "Retain", hostPath: { path: `/var/lib/e2e-sandbox-disk-${i}` } } })),
];

const SETUP = [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: NS, labels: {
        "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/warn-version": "latest" } } },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: SA, namespace: NS } },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: SA, namespace: NS }, rules: ADAPTER_RULES },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: SA, namespace: NS },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: SA },
        subjects: [{ kind: "ServiceAccount", name: SA, namespace: NS }] },
];

/** The paths (a.b[0].c) where `expected` has a value that `actual` lacks or differs in; fields only `actual` has are fine. */
function missingFrom(expected: unknown, actual: unknown, at = ""): string[] {
    if (expected !== null && typeof expected === "object") {
        if (actual === null || typeof actual !== "object") return [at];
        return Object.entries(expected).flatMap(([k, v]) =>
            missingFrom(v, (actual as Record<string, unknown>)[k], Array.isArray(expected) ? `${at}[${k}]` : `${at}.${k}`));
    }
    return expected === actual ? [] : [at];
}

describe("e2e: sandboxes as pods, the adapter on agent-sandbox's controller", function () {
    this.timeout(15 * 60 * 1000);
    let e2e: E2eEnvironment;
    let kube: KubeClient;
    let server: AdapterServer;
    let base: string;
    const adapterLog: string[] = [];
    const name = sandboxName(SESSION);

    const app = (method: string, path: string, body?: unknown) => call(base, method, path, { key: API_KEY, body });
    const get = (args: string[]) => getJson(e2e, ["-n", NS, ...args]);
    const sandbox = () => get(["sandboxes.agents.x-k8s.io", name]);
    const pod = () => get(["pod", name]);
    const claim = () => get(["pvc", `workspace-${name}`]);
    const ready = (s: any) => s?.status?.conditions?.find((c: any) => c.type === "Ready");
    /** The session's runtime once it reports `status`. */
    const runtimeWith = (status: string, sessionId = SESSION, timeoutMs = 120_000) => {
        let last: any;
        return waitFor(`GET /sessions/${sessionId} to report ${status}`, timeoutMs, async () => {
            const reply = await app("GET", `/sessions/${sessionId}`);
            last = { reply: reply.json, ready: ready(sandbox()) };
            return reply.status === 200 && reply.json.status === status ? reply.json : undefined;
        }, () => last);
    };

    before(async function () {
        e2e = setUp();
        await phase("agent-sandbox CRDs and controller", async () => startAgentSandbox(e2e));
        for (const items of [STORAGE, SETUP]) {
            const made = kubectl(e2e, ["apply", "--server-side", "--field-manager=openhands-e2e", "-f", "-"],
                JSON.stringify({ apiVersion: "v1", kind: "List", items }));
            assert.strictEqual(made.status, 0, made.stderr);
        }
        // The adapter's own identity: a token of its ServiceAccount, as a pod would have.
        const token = kubectl(e2e, ["-n", NS, "create", "token", SA, "--duration=1h"]);
        assert.strictEqual(token.status, 0, token.stderr);
        const view = JSON.parse(kubectl(e2e, ["config", "view", "--raw", "--minify", "-o", "json"]).stdout);
        const cluster = view.clusters[0].cluster;
        assert.match(cluster.server, /^https:\/\/127\.0\.0\.1:\d+$/, "the API server is on loopback");
        kube = new KubeClient({ server: cluster.server, token: token.stdout.trim(),
            ca: Buffer.from(cluster["certificate-authority-data"], "base64") });
        const logger: Logger = { log: (level, msg, fields) => adapterLog.push(JSON.stringify({ level, msg, ...fields })) };
        const config = readConfig({
            ADAPTER_API_KEY: API_KEY,
            ADAPTER_NAMESPACE: NS,
            ADAPTER_PUBLIC_BASE_URL: "http://127.0.0.1:3000",
            ADAPTER_APP_INTERNAL_URL: "http://127.0.0.1:3000",
            ADAPTER_SANDBOX_STORAGE_SIZE: "1Gi",
        });
        server = await startServer(new RuntimeApi({ config, kube, logger }), logger, 0, "127.0.0.1");
        base = `http://127.0.0.1:${server.port}`;
    });

    afterEach(function () {
        if (this.currentTest?.state !== "failed" || !e2e) return;
        console.log(`      [e2e] adapter log (last 20 lines):\n${adapterLog.slice(-20).join("\n")}`);
        console.log(`      [e2e] agent-sandbox-controller log (last 40 lines):\n${agentSandboxLog(e2e).split("\n").slice(-40).join("\n")}`);
        console.log(`      [e2e] objects: ${kubectl(e2e, ["-n", NS, "get", "sandboxes,pods,pvc,svc,secrets", "-o", "wide"]).stdout}`);
    });

    after(async () => {
        if (server) await server.close(1_000);
        kube?.close();
        if (e2e) tearDown(e2e);
    });

    it("gives the adapter's identity its namespace's sandboxes and secrets, and nothing outside it", async () => {
        const canI = (args: string[]): string =>
            kubectl(e2e, ["auth", "can-i", `--as=system:serviceaccount:${NS}:${SA}`, ...args]).stdout.trim();
        assert.strictEqual(canI(["create", "sandboxes.agents.x-k8s.io", "-n", NS]), "yes");
        assert.strictEqual(canI(["delete", "secrets", "-n", NS]), "yes");
        assert.strictEqual(canI(["list", "pods", "-n", NS]), "yes");
        for (const args of [
            ["create", "pods", "-n", "default"], ["create", "pods", "-n", NS], ["create", "sandboxes.agents.x-k8s.io", "-n", "default"],
            ["get", "secrets", "-n", "kube-system"], ["list", "sandboxes.agents.x-k8s.io", "--all-namespaces"],
            ["create", "rolebindings", "-n", NS], ["patch", `namespaces/${NS}`], ["create", "pods/exec", "-n", NS],
        ]) {
            assert.strictEqual(canI(args), "no", `can-i ${args.join(" ")}`);
        }
        // And with the adapter's real token: the API server itself refuses it outside the namespace.
        await assert.rejects(kube.list("/api/v1/namespaces/kube-system/secrets", "a=b"),
            (err: KubeApiError) => err.status === 403 && /forbidden/i.test(err.apiMessage));
    });

    let started: any;
    it("POST /start answers `starting`, then the controller's pod turns it `running`", async () => {
        const reply = await phase("POST /start", () => app("POST", "/start", appBody(SESSION)));
        assert.strictEqual(reply.status, 200, JSON.stringify(reply.json));
        started = reply.json;
        assert.deepStrictEqual(Object.keys(started).sort(), ["runtime_id", "session_api_key", "session_id", "status", "url"]);
        assert.strictEqual(started.status, "starting");
        assert.strictEqual(started.runtime_id, `sandbox/${name}`);
        assert.strictEqual(started.url, `http://127.0.0.1:3000/sandbox/${name}`);
        assert.match(started.session_api_key, /^[A-Za-z0-9_-]{43}$/);

        const running = await phase("start -> running", () => runtimeWith("running"));
        assert.strictEqual(running.session_api_key, started.session_api_key);
        const s = sandbox();
        assert.strictEqual(ready(s).status, "True");
        assert.strictEqual(ready(s).observedGeneration, s.metadata.generation);
    });

    it("keeps every field of the Sandbox the adapter wrote (nothing pruned by the CRD's schema)", () => {
        const config = readConfig({ ADAPTER_API_KEY: API_KEY, ADAPTER_NAMESPACE: NS, ADAPTER_PUBLIC_BASE_URL: "http://127.0.0.1:3000",
            ADAPTER_APP_INTERNAL_URL: "http://127.0.0.1:3000", ADAPTER_SANDBOX_STORAGE_SIZE: "1Gi" });
        const written = buildSandbox({ namespace: NS, name, request: parseStartRequest(appBody(SESSION)), sizing: config.sandbox });
        assert.deepStrictEqual(missingFrom(written.spec, sandbox().spec, "spec"), []);
        assert.deepStrictEqual(missingFrom(written.metadata, sandbox().metadata, "metadata"), []);
    });

    it("has the controller make the pod (restricted, admitted), its headless Service and the bound workspace claim, all owned by the Sandbox", () => {
        const s = sandbox();
        const p = pod();
        assert.ok(p, "the pod exists, named like the Sandbox");
        assert.strictEqual(p.status.phase, "Running");
        assert.deepStrictEqual(p.metadata.ownerReferences.map((o: any) => [o.kind, o.name, o.uid, o.controller]), [["Sandbox", name, s.metadata.uid, true]]);
        for (const [k, v] of Object.entries(sandboxLabels(name))) assert.strictEqual(p.metadata.labels[k], v, `pod label ${k}`);
        assert.strictEqual(p.spec.automountServiceAccountToken, false);
        assert.deepStrictEqual(p.spec.containers[0].command.slice(0, 2), ["tini", "--"]);
        assert.deepStrictEqual(p.spec.containers[0].envFrom, [{ secretRef: { name: `${name}-env` } }]);
        const workspace = p.spec.volumes.find((v: any) => v.name === "workspace");
        assert.deepStrictEqual(workspace.persistentVolumeClaim, { claimName: `workspace-${name}` });

        const c = claim();
        assert.strictEqual(c.status.phase, "Bound");
        assert.strictEqual(c.spec.storageClassName, "e2e-sandboxes", "the default class was filled in");
        assert.deepStrictEqual(c.metadata.ownerReferences.map((o: any) => [o.kind, o.uid]), [["Sandbox", s.metadata.uid]]);
        for (const [k, v] of Object.entries(sandboxLabels(name))) assert.strictEqual(c.metadata.labels[k], v, `claim label ${k}`);

        const svc = get(["service", name]);
        assert.strictEqual(svc.spec.clusterIP, "None", "headless");
        assert.deepStrictEqual(svc.metadata.ownerReferences.map((o: any) => [o.kind, o.uid]), [["Sandbox", s.metadata.uid]]);

        const secret = get(["secret", `${name}-env`]);
        assert.deepStrictEqual(secret.metadata.ownerReferences.map((o: any) => [o.kind, o.uid, o.controller]), [["Sandbox", s.metadata.uid, true]]);
        const key = Buffer.from(secret.data[ENV_KEYS.sessionApiKey], "base64").toString("utf8");
        assert.strictEqual(key, started.session_api_key);
        // The environment never reaches the Sandbox or the pod spec.
        assert.ok(!JSON.stringify([s, p]).includes("sk-test-very-secret-llm-key"));
    });

    it("answers GET /sessions/batch (missing ids left out) and GET /list as the app reads them", async () => {
        const batch = await app("GET", `/sessions/batch?ids=${SESSION}&ids=0000000000000000000000000000dead`);
        assert.strictEqual(batch.status, 200);
        assert.deepStrictEqual(batch.json.map((r: any) => [r.session_id, r.status]), [[SESSION, "running"]]);
        const list = await app("GET", "/list");
        assert.strictEqual(list.status, 200);
        assert.deepStrictEqual(list.json.runtimes.map((r: any) => [r.session_id, r.status, r.session_api_key]),
            [[SESSION, "running", started.session_api_key]]);
        assert.strictEqual((await app("GET", "/sessions/0000000000000000000000000000dead")).status, 404);
    });

    it("is idempotent: a second POST /start returns the same sandbox and key, and makes nothing new", async () => {
        const uid = sandbox().metadata.uid;
        const again = await app("POST", "/start", appBody(SESSION));
        assert.strictEqual(again.status, 200);
        assert.deepStrictEqual(again.json, { ...started, status: "running" });
        assert.strictEqual(sandbox().metadata.uid, uid);
        assert.strictEqual(get(["sandboxes.agents.x-k8s.io"]).items.length, 1);
    });

    let claimUid: string;
    let volumeName: string;
    let podUid: string;
    it("POST /pause suspends it: the pod goes, the workspace claim and the Secret stay", async () => {
        claimUid = claim().metadata.uid;
        volumeName = claim().spec.volumeName;
        podUid = pod().metadata.uid;
        const paused = await app("POST", "/pause", { runtime_id: started.runtime_id });
        assert.strictEqual(paused.status, 200, JSON.stringify(paused.json));
        assert.strictEqual(paused.json.status, "paused");
        assert.strictEqual(paused.json.session_api_key, null);
        assert.strictEqual(sandbox().spec.operatingMode, "Suspended");
        await phase("pause -> pod gone", () => waitFor("the pod to be deleted", 60_000, () => (pod() ? undefined : true)));
        const s = await waitFor("Ready=False SandboxSuspended", 60_000, () => {
            const r = ready(sandbox());
            return r?.reason === "SandboxSuspended" && r.message === "Sandbox is suspended" ? sandbox() : undefined;
        }, () => ready(sandbox()));
        assert.strictEqual(ready(s).status, "False");
        const c = claim();
        assert.strictEqual(c.metadata.uid, claimUid, "the same claim");
        assert.strictEqual(c.status.phase, "Bound");
        assert.ok(get(["secret", `${name}-env`]), "the environment stays for the resume");
        const got = await app("GET", `/sessions/${SESSION}`);
        assert.deepStrictEqual([got.json.status, got.json.session_api_key], ["paused", null]);
        assert.deepStrictEqual((await app("GET", "/list")).json.runtimes, [], "a paused sandbox does not count as running");
        assert.strictEqual((await app("POST", "/pause", { runtime_id: started.runtime_id })).status, 200, "pausing twice is harmless");
    });

    it("POST /resume returns a new session key, which the new pod gets, on the same claim", async () => {
        const resumed = await app("POST", "/resume", { runtime_id: started.runtime_id });
        assert.strictEqual(resumed.status, 200, JSON.stringify(resumed.json));
        const key = resumed.json.session_api_key;
        assert.match(key, /^[A-Za-z0-9_-]{43}$/);
        assert.notStrictEqual(key, started.session_api_key);
        assert.ok(["starting", "running"].includes(resumed.json.status), resumed.json.status);
        const secret = get(["secret", `${name}-env`]);
        assert.strictEqual(Buffer.from(secret.data[ENV_KEYS.sessionApiKey], "base64").toString("utf8"), key);
        const running = await phase("resume -> running", () => runtimeWith("running"));
        assert.strictEqual(running.session_api_key, key);
        const p = pod();
        assert.notStrictEqual(p.metadata.uid, podUid, "a new pod");
        assert.strictEqual(p.spec.volumes.find((v: any) => v.name === "workspace").persistentVolumeClaim.claimName, `workspace-${name}`);
        assert.strictEqual(claim().metadata.uid, claimUid, "the same workspace");
    });

    it("refuses a non-compliant sandbox pod: Pod Security `restricted` enforced by the API server on the controller's create", async () => {
        // A Sandbox as the adapter would label it, but made directly with a privileged container:
        // the namespace's enforce level, not the adapter, is what stops it.
        const privilegedName = sandboxName(SESSION_PRIVILEGED);
        const request = { image: "openhands-e2e/agent-server:e2e", command: ["sleep", "infinity"], workingDir: "/workspace", environment: {},
            sessionId: SESSION_PRIVILEGED, resourceFactor: 1, runAsUser: 0, runAsGroup: 0, fsGroup: 0 };
        const bad: any = buildSandbox({ namespace: NS, name: privilegedName, request: request as any,
            sizing: { cpuRequest: "100m", memoryRequest: "128Mi", cpuLimit: "", memoryLimit: "256Mi", storageSize: "1Gi",
                storageClassName: undefined, runtimeClassName: undefined, scratchSize: "1Gi" } });
        delete bad.spec.volumeClaimTemplates;
        const spec = bad.spec.podTemplate.spec;
        spec.securityContext = {};
        spec.containers[0].securityContext = { privileged: true };
        spec.containers[0].volumeMounts = spec.containers[0].volumeMounts.filter((m: any) => m.name !== "workspace");
        const made = kubectl(e2e, ["apply", "--server-side", "--field-manager=openhands-e2e", "-f", "-"], JSON.stringify(bad));
        assert.strictEqual(made.status, 0, made.stderr);
        assert.strictEqual(getJson(e2e, ["-n", NS, "sandboxes.agents.x-k8s.io", privilegedName]).metadata.annotations[SESSION_ID_ANNOTATION], SESSION_PRIVILEGED);

        const refused = await phase("privileged sandbox -> refused", () => waitFor("the controller to report the refused pod", 60_000, () => {
            const r = ready(getJson(e2e, ["-n", NS, "sandboxes.agents.x-k8s.io", privilegedName]));
            return r?.reason === "ReconcilerError" ? r : undefined;
        }, () => ready(getJson(e2e, ["-n", NS, "sandboxes.agents.x-k8s.io", privilegedName]))));
        console.log(`      [e2e] Ready of the privileged sandbox: ${refused.message}`);
        assert.match(refused.message, /violates PodSecurity "restricted:latest": privileged/);
        assert.strictEqual(getJson(e2e, ["-n", NS, "pod", privilegedName]), undefined, "no pod");
        const got = await app("GET", `/sessions/${SESSION_PRIVILEGED}`);
        assert.strictEqual(got.status, 200);
        assert.strictEqual(got.json.status, "error", "the app sees the refusal as an error");
        // The adapter's identity cannot create a pod around the controller either.
        await assert.rejects(kube.create(`/api/v1/namespaces/${NS}/pods`, { apiVersion: "v1", kind: "Pod", metadata: { name: "direct" },
            spec: { containers: [{ name: "c", image: "x" }] } }), (err: KubeApiError) => err.status === 403);
        const stopped = await app("POST", "/stop", { runtime_id: `sandbox/${privilegedName}` });
        assert.strictEqual(stopped.status, 200);
    });

    it("POST /stop removes the Sandbox and, through the garbage collector, everything it owned; until then it is `stopped` and a start is a 409", async () => {
        const s = sandbox();
        const stopped = await app("POST", "/stop", { runtime_id: started.runtime_id });
        assert.strictEqual(stopped.status, 200, JSON.stringify(stopped.json));
        assert.deepStrictEqual([stopped.json.status, stopped.json.session_api_key], ["stopped", null]);
        assert.strictEqual(get(["secret", `${name}-env`]), undefined, "the environment is deleted at once");
        const owned = () => {
            const items = get(["pods,services,pvc,secrets"]).items as any[];
            return items.filter((i) => (i.metadata.ownerReferences ?? []).some((o: any) => o.uid === s.metadata.uid))
                .map((i) => `${i.kind}/${i.metadata.name}`);
        };
        // Foreground deletion: while anything the Sandbox owned remains, the Sandbox remains too,
        // marked as being deleted, so the app sees `stopped` and a new start cannot trip over the leftovers.
        const window = { polls: 0, startsRefused: 0, racedStarts: 0 };
        const stoppedAt = Date.now();
        await phase("stop -> everything collected", () => waitFor("the Sandbox and everything it owned to be gone", 120_000, async () => {
            const left = owned();
            const current = sandbox();
            if (left.length > 0) {
                // Foreground deletion holds the Sandbox only for dependents with blockOwnerDeletion: on a slow
                // machine the garbage collector may remove it a moment before the last of the others.
                if (current !== undefined && current.metadata.uid === s.metadata.uid) {
                    assert.ok(current.metadata.deletionTimestamp, `leftovers ${left.join(", ")} without their Sandbox being deleted`);
                    assert.ok(current.metadata.finalizers.includes("foregroundDeletion"), JSON.stringify(current.metadata.finalizers));
                    const got = await app("GET", `/sessions/${SESSION}`);
                    if (got.status === 200) assert.strictEqual(got.json.status, "stopped");
                }
                const again = await app("POST", "/start", appBody(SESSION));
                if (again.status === 409) {
                    window.startsRefused++;
                } else {
                    // The old Sandbox went between this poll's reads and the start, which then made a new one. Stop that
                    // one too; the wait goes on until no Sandbox is left.
                    assert.strictEqual(again.status, 200, JSON.stringify(again.json));
                    assert.strictEqual(sandbox()?.metadata.uid === s.metadata.uid, false, "a start succeeded while the old Sandbox was there");
                    assert.strictEqual((await app("POST", "/stop", { runtime_id: again.json.runtime_id })).status, 200);
                    window.racedStarts++;
                }
                window.polls++;
            }
            return current === undefined && left.length === 0 ? true : undefined;
        }, () => ({ sandbox: sandbox()?.metadata, owned: owned() })));
        console.log(`      [e2e] stop: ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s until collected; ${window.polls} polls saw leftovers, ${window.startsRefused} starts refused with 409 meanwhile, ${window.racedStarts} made once the Sandbox itself was gone`);
        assert.strictEqual((await app("GET", `/sessions/${SESSION}`)).status, 404);
        assert.deepStrictEqual((await app("GET", "/list")).json.runtimes, []);
        assert.strictEqual((await app("POST", "/stop", { runtime_id: started.runtime_id })).status, 404, "the app tolerates this 404");
        // The volume is the StorageClass's to keep or delete (Retain here): it is released, not bound to anything.
        const pv = getJson(e2e, ["pv", volumeName]);
        assert.strictEqual(pv.status.phase, "Released");
        assert.strictEqual(pv.spec.claimRef.uid, claimUid);
    });

    it("starts the same session afresh once the old one is gone: running, with a new key and a new workspace claim", async () => {
        const reply = await app("POST", "/start", appBody(SESSION));
        assert.strictEqual(reply.status, 200, JSON.stringify(reply.json));
        assert.notStrictEqual(reply.json.session_api_key, started.session_api_key);
        const seen = new Set<string>();
        const running = await waitFor("the fresh sandbox to run", 120_000, async () => {
            const got = await app("GET", `/sessions/${SESSION}`);
            seen.add(got.json.status);
            return got.json.status === "running" ? got.json : undefined;
        }, () => [...seen]);
        assert.ok(!seen.has("error"), `statuses seen: ${[...seen].join(", ")}`);
        assert.strictEqual(running.session_api_key, reply.json.session_api_key);
        assert.notStrictEqual(claim().metadata.uid, claimUid, "a new workspace");
        assert.strictEqual((await app("POST", "/stop", { runtime_id: reply.json.runtime_id })).status, 200);
        await waitFor("the fresh sandbox to be collected", 120_000, () => (sandbox() === undefined && pod() === undefined && claim() === undefined ? true : undefined));
    });

    it("leaves the controller nothing to complain about but the refused privileged pod", () => {
        const errors = agentSandboxLog(e2e).split("\n").filter((l) => /"level":"error"/.test(l)).map((l) => JSON.parse(l));
        const other = errors.filter((e) => !/violates PodSecurity "restricted:latest"/.test(String(e.error)));
        console.log(`      [e2e] agent-sandbox-controller: ${errors.length} error lines, ${other.length} not about the refused privileged pod`);
        assert.deepStrictEqual(other.map((e) => `${e.msg}: ${e.error}`), []);
    });
});
