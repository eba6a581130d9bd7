/**
 * The adapter's runtime API, called as OpenHands' app calls it, over HTTP on loopback,
 * with its real Kubernetes client talking to an in-memory API server (fake-kube.ts) that
 * plays agent-sandbox's controller and the garbage collector.
 *
 * What the app sends and reads: openhands/app_server/sandbox/remote_sandbox_service.py in
 * CrazyForks/OpenHands at tag 1.8.0 and at 1.11.0's commit 11ca68ab2e15.
 */
import * as assert from "assert";
import { readConfig } from "../../adapter/config";
import { KubeClient } from "../../adapter/kube-client";
import { type Logger } from "../../adapter/log";
import { RuntimeApi } from "../../adapter/runtime-api";
import { sandboxName } from "../../adapter/sandbox-objects";
import { type AdapterServer, startServer } from "../../adapter/server";
import { appStartBody, call } from "./app-client";
import { FakeKube } from "./fake-kube";

const NS = "openhands-sandboxes";
const API_KEY = "app-to-adapter-key-0123456789";
const HEX_ID = "0123456789abcdef0123456789abcdef";
const B62_ID = "4Vb0ZqKJ2cT9xYwQeLmN1a";
const STATUSES = ["starting", "running", "paused", "stopped", "error"];

describe("adapter: the runtime API as the app calls it", function () {
    this.timeout(10_000);
    let fake: FakeKube;
    let kube: KubeClient;
    let server: AdapterServer;
    let base: string;
    let keys: number;
    const lines: string[] = [];

    const app = (method: string, path: string, body?: unknown, key: string | null = API_KEY) => call(base, method, path, { key, body });
    const start = (id: string, env?: Record<string, string>) => app("POST", "/start", appStartBody(id, env));
    const secretValue = (name: string, key: string): string | undefined => {
        const raw = fake.get("secrets", NS, `${name}-env`)?.data?.[key];
        return raw === undefined ? undefined : Buffer.from(raw, "base64").toString("utf8");
    };
    const assertRuntimeShape = (runtime: any): void => {
        assert.deepStrictEqual(Object.keys(runtime).sort(), ["runtime_id", "session_api_key", "session_id", "status", "url"]);
        assert.ok(STATUSES.includes(runtime.status), runtime.status);
        assert.ok(runtime.session_api_key === null || typeof runtime.session_api_key === "string");
        // Path mode in the app: the URL's path starts with /<runtime_id> (_build_service_url).
        assert.ok(new URL(runtime.url).pathname.startsWith(`/${runtime.runtime_id}`));
    };

    beforeEach(async () => {
        fake = new FakeKube("fake-token");
        const server_ = await fake.start();
        kube = new KubeClient({ server: server_, token: "fake-token", timeoutMs: 5_000 });
        keys = 0;
        lines.length = 0;
        const logger: Logger = { log: (level, msg, fields) => lines.push(JSON.stringify({ level, msg, ...fields })) };
        const config = readConfig({
            ADAPTER_API_KEY: API_KEY,
            ADAPTER_NAMESPACE: NS,
            ADAPTER_PUBLIC_BASE_URL: "https://openhands.example.com",
            ADAPTER_APP_INTERNAL_URL: "http://openhands.openhands.svc.cluster.local:3000",
            ADAPTER_MAX_SANDBOXES: "3",
        });
        const api = new RuntimeApi({ config, kube, logger, newKey: () => `key-${++keys}` });
        server = await startServer(api, logger, 0, "127.0.0.1");
        base = `http://127.0.0.1:${server.port}`;
    });

    afterEach(async () => {
        await server.close(1000);
        kube.close();
        await fake.stop();
    });

    describe("the key", () => {
        it("answers 401 without X-API-Key or with a wrong one, and touches nothing", async () => {
            for (const key of [null, "wrong", `${API_KEY}x`, ""]) {
                const reply = await app("POST", "/start", appStartBody(HEX_ID), key);
                assert.strictEqual(reply.status, 401, String(key));
                assert.strictEqual(reply.json.error, "unauthorized");
            }
            assert.strictEqual((await app("GET", "/list", undefined, "nope")).status, 401);
            assert.strictEqual(fake.seen.length, 0);
        });

        it("answers /healthz without a key", async () => {
            const reply = await app("GET", "/healthz", undefined, null);
            assert.strictEqual(reply.status, 200);
            assert.deepStrictEqual(reply.json, { status: "ok" });
        });
    });

    describe("POST /start", () => {
        it("makes a Sandbox and its Secret and returns the runtime the app reads", async () => {
            const reply = await start(HEX_ID);
            assert.strictEqual(reply.status, 200);
            assert.match(reply.contentType ?? "", /^application\/json/);
            const name = sandboxName(HEX_ID);
            assert.deepStrictEqual(reply.json, {
                session_id: HEX_ID,
                runtime_id: `sandbox/${name}`,
                url: `https://openhands.example.com/sandbox/${name}`,
                session_api_key: "key-1",
                status: "starting",
            });
            assertRuntimeShape(reply.json);
            assert.deepStrictEqual(fake.names("sandboxes", NS), [name]);
            assert.deepStrictEqual(fake.names("secrets", NS), [`${name}-env`]);
            // The controller's part: pod, claim and Service, all owned by the Sandbox.
            assert.deepStrictEqual(fake.names("pods", NS), [name]);
            assert.deepStrictEqual(fake.names("persistentvolumeclaims", NS), [`workspace-${name}`]);
            assert.deepStrictEqual(fake.names("services", NS), [name]);
            // By default the pod runs as the ids the app asked for.
            const pod = fake.get("pods", NS, name)!;
            assert.deepStrictEqual([pod.spec.securityContext.runAsUser, pod.spec.securityContext.runAsGroup, pod.spec.securityContext.fsGroup],
                [10001, 10001, 10001]);
        });

        it("with ADAPTER_SANDBOX_USER_IDS=platform, makes a pod that names no uid, gid or fsGroup (OpenShift assigns them)", async () => {
            const config = readConfig({
                ADAPTER_API_KEY: API_KEY, ADAPTER_NAMESPACE: NS, ADAPTER_PUBLIC_BASE_URL: "https://openhands.example.com",
                ADAPTER_APP_INTERNAL_URL: "http://openhands.openhands.svc.cluster.local:3000", ADAPTER_SANDBOX_USER_IDS: "platform",
            });
            const api = new RuntimeApi({ config, kube, newKey: () => `key-${++keys}` });
            const reply = await api.handle({ method: "POST", path: "/start", query: new URLSearchParams(), apiKey: API_KEY, body: appStartBody(HEX_ID) });
            assert.strictEqual(reply.status, 200, JSON.stringify(reply.body));
            const pod = fake.get("pods", NS, sandboxName(HEX_ID))!;
            assert.deepStrictEqual(pod.spec.securityContext, { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
            assert.strictEqual(pod.spec.containers[0].securityContext.runAsNonRoot, true);
        });

        it("puts the app's environment and the adapter's keys in the Secret, owned by the Sandbox, and none of it in the Sandbox", async () => {
            await start(HEX_ID);
            const name = sandboxName(HEX_ID);
            assert.strictEqual(secretValue(name, "LLM_API_KEY"), "sk-test-very-secret-llm-key");
            assert.strictEqual(secretValue(name, "OH_SESSION_API_KEYS_0"), "key-1");
            assert.strictEqual(secretValue(name, "OH_SECRET_KEY"), "key-2");
            assert.strictEqual(secretValue(name, "OH_WEBHOOKS_0_BASE_URL"), "http://openhands.openhands.svc.cluster.local:3000/api/v1/webhooks");
            assert.strictEqual(secretValue(name, "OH_VSCODE_BASE_PATH"), `/sandbox/${name}/vscode`);
            assert.strictEqual(secretValue(name, "OH_ALLOW_CORS_ORIGINS_0"), "https://openhands.example.com");
            const sandbox = fake.get("sandboxes", NS, name)!;
            const secret = fake.get("secrets", NS, `${name}-env`)!;
            assert.deepStrictEqual(secret.metadata.ownerReferences, [{ apiVersion: "agents.x-k8s.io/v1beta1", kind: "Sandbox", name, uid: sandbox.metadata.uid, controller: true }]);
            const text = JSON.stringify(sandbox);
            for (const secretText of ["sk-test-very-secret-llm-key", "key-1", "key-2"]) assert.ok(!text.includes(secretText), secretText);
        });

        it("creates the Secret by server-side apply before the Sandbox, then hands it to the Sandbox", async () => {
            await start(HEX_ID);
            const writes = fake.seen.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path.replace(/^.*\/namespaces\/[^/]+\//, "")} ${r.contentType}`);
            const name = sandboxName(HEX_ID);
            assert.deepStrictEqual(writes, [
                `PATCH secrets/${name}-env application/apply-patch+yaml`,
                "POST sandboxes application/json",
                `PATCH secrets/${name}-env application/merge-patch+json`,
            ]);
        });

        it("is idempotent: the same session_id returns the same runtime and key, and makes nothing new", async () => {
            const first = await start(HEX_ID);
            const count = fake.objects.size;
            const again = await start(HEX_ID);
            assert.strictEqual(again.status, 200);
            assert.deepStrictEqual(again.json, first.json);
            assert.strictEqual(fake.objects.size, count);
        });

        it("names sandboxes of hex and base62 session ids apart", async () => {
            assert.strictEqual((await start(HEX_ID)).status, 200);
            assert.strictEqual((await start(B62_ID)).status, 200);
            assert.strictEqual(fake.names("sandboxes", NS).length, 2);
        });

        it("refuses a start beyond the cap with 429 and a message the app can show, counting only starting and running sandboxes", async () => {
            for (const id of ["a1", "a2", "a3"]) assert.strictEqual((await start(id)).status, 200);
            const refused = await start("a4");
            assert.strictEqual(refused.status, 429);
            assert.strictEqual(refused.json.error, "too_many_sandboxes");
            assert.match(refused.json.message, /3 sandboxes are starting or running.*\(3\)/);
            assert.ok(!fake.get("sandboxes", NS, sandboxName("a4")));
            assert.deepStrictEqual(fake.names("secrets", NS).length, 3);
            // A paused one no longer counts.
            await app("POST", "/pause", { runtime_id: `sandbox/${sandboxName("a1")}` });
            assert.strictEqual((await start("a4")).status, 200);
        });

        it("answers 400 naming the field for a body the app would never send", async () => {
            const cases: Array<[unknown, RegExp]> = [
                [{ ...appStartBody(HEX_ID), session_id: "../etc" }, /session_id/],
                [{ ...appStartBody(HEX_ID), command: [] }, /command/],
                [{ ...appStartBody(HEX_ID), image: "bad image" }, /image/],
                [{ ...appStartBody(HEX_ID), run_as_user: 0 }, /run_as_user/],
                [{ ...appStartBody(HEX_ID), resource_factor: 3.5 }, /resource_factor/],
                [{ ...appStartBody(HEX_ID), environment: { "A=B": "x" } }, /environment/],
                [[1, 2], /JSON object/],
            ];
            for (const [body, message] of cases) {
                const reply = await app("POST", "/start", body);
                assert.strictEqual(reply.status, 400, JSON.stringify(body));
                assert.strictEqual(reply.json.error, "bad_request");
                assert.match(reply.json.message, message);
            }
            const notJson = await call(base, "POST", "/start", { key: API_KEY, raw: "{not json" });
            assert.strictEqual(notJson.status, 400);
            assert.strictEqual(fake.objects.size, 0);
        });

        it("maps a Kubernetes error to a JSON answer with the API's message, and leaves no Secret behind", async () => {
            fake.failNext({ method: "POST", pathPrefix: `/apis/agents.x-k8s.io/v1beta1/namespaces/${NS}/sandboxes`, status: 403, reason: "Forbidden",
                message: 'sandboxes.agents.x-k8s.io is forbidden: User "system:serviceaccount:x:adapter" cannot create resource' });
            const reply = await start(HEX_ID);
            assert.strictEqual(reply.status, 502);
            assert.strictEqual(reply.json.error, "adapter_forbidden");
            assert.match(reply.json.message, /cannot create resource/);
            assert.deepStrictEqual(fake.names("secrets", NS), []);
            assert.ok(lines.some((l) => l.includes('"status":502')));
        });

        it("answers 429 when a ResourceQuota refuses, 503 while it is not counted yet, 422 when the API finds the object invalid, 503 when the API is unreachable", async () => {
            fake.failNext({ method: "POST", pathPrefix: `/apis/`, status: 403, reason: "Forbidden", message: "exceeded quota: sandboxes, requested: count/sandboxes.agents.x-k8s.io=1" });
            assert.strictEqual((await start("q1")).status, 429);
            fake.failNext({ method: "POST", pathPrefix: `/apis/`, status: 403, reason: "Forbidden", message: "status unknown for quota: sandboxes, resources: pods" });
            const counting = await start("q0");
            assert.deepStrictEqual([counting.status, counting.json.error], [503, "quota_not_ready"]);
            fake.failNext({ method: "POST", pathPrefix: `/apis/`, status: 422, reason: "Invalid", message: "spec.podTemplate: Invalid value" });
            const invalid = await start("q2");
            assert.strictEqual(invalid.status, 422);
            assert.match(invalid.json.message, /Invalid value/);
            await fake.stop();
            const down = await start("q3");
            assert.strictEqual(down.status, 503);
            assert.strictEqual(down.json.error, "kubernetes_unreachable");
        });

        it("never logs the environment, the keys or the API key", async () => {
            await start(HEX_ID);
            await app("POST", "/resume", { runtime_id: "sandbox/oh-00000000000000000000" });
            const all = lines.join("\n");
            for (const secret of ["sk-test-very-secret-llm-key", "key-1", "key-2", API_KEY]) assert.ok(!all.includes(secret), secret);
            assert.ok(lines.some((l) => l.includes('"msg":"sandbox started"')));
        });
    });

    describe("GET /sessions/{id}", () => {
        it("follows the sandbox from starting to running, then answers 404 once it is stopped", async () => {
            const started = (await start(B62_ID)).json;
            const starting = await app("GET", `/sessions/${B62_ID}`);
            assert.strictEqual(starting.status, 200);
            assert.deepStrictEqual(starting.json, started);
            fake.makePodReady(NS, sandboxName(B62_ID));
            const running = await app("GET", `/sessions/${B62_ID}`);
            assert.strictEqual(running.json.status, "running");
            assert.strictEqual(running.json.session_api_key, "key-1");
            assertRuntimeShape(running.json);
            await app("POST", "/stop", { runtime_id: started.runtime_id });
            const gone = await app("GET", `/sessions/${B62_ID}`);
            assert.strictEqual(gone.status, 404);
            assert.strictEqual(gone.json.error, "not_found");
        });

        it("answers 404 for an unknown id and for an id that is not one", async () => {
            assert.strictEqual((await app("GET", `/sessions/${HEX_ID}`)).status, 404);
            assert.strictEqual((await app("GET", "/sessions/%2E%2E")).status, 404);
        });

        it("reports error when the pod cannot start (here: its image cannot be pulled)", async () => {
            await start(HEX_ID);
            fake.makePodWait(NS, sandboxName(HEX_ID), "ImagePullBackOff");
            assert.strictEqual((await app("GET", `/sessions/${HEX_ID}`)).json.status, "error");
        });
    });

    describe("GET /sessions/batch", () => {
        it("returns an array of the runtimes that exist, in the order asked, leaving the others out", async () => {
            await start(HEX_ID);
            await start(B62_ID);
            const reply = await app("GET", `/sessions/batch?ids=${B62_ID}&ids=missing000&ids=${HEX_ID}`);
            assert.strictEqual(reply.status, 200);
            assert.ok(Array.isArray(reply.json));
            assert.deepStrictEqual(reply.json.map((r: any) => r.session_id), [B62_ID, HEX_ID]);
            reply.json.forEach(assertRuntimeShape);
            assert.deepStrictEqual((await app("GET", "/sessions/batch")).json, []);
        });

        it("includes paused sandboxes, with no key", async () => {
            const runtime = (await start(HEX_ID)).json;
            await app("POST", "/pause", { runtime_id: runtime.runtime_id });
            const [paused] = (await app("GET", `/sessions/batch?ids=${HEX_ID}`)).json;
            assert.strictEqual(paused.status, "paused");
            assert.strictEqual(paused.session_api_key, null);
        });
    });

    describe("GET /list", () => {
        it("answers {runtimes: [...]} with only the starting and running sandboxes", async () => {
            const a = (await start("s1")).json;
            const b = (await start("s2")).json;
            await start("s3");
            fake.makePodReady(NS, sandboxName("s2"));
            await app("POST", "/pause", { runtime_id: a.runtime_id });
            const reply = await app("GET", "/list");
            assert.strictEqual(reply.status, 200);
            assert.deepStrictEqual(Object.keys(reply.json), ["runtimes"]);
            const byId = Object.fromEntries(reply.json.runtimes.map((r: any) => [r.session_id, r.status]));
            assert.deepStrictEqual(byId, { s2: "running", s3: "starting" });
            const running = reply.json.runtimes.find((r: any) => r.session_id === "s2");
            assert.deepStrictEqual(running, { ...b, status: "running" });
        });

        it("lists nothing the adapter did not make", async () => {
            fake.objects.set(`sandboxes/${NS}/other`, { metadata: { name: "other", namespace: NS, labels: {} }, spec: { podTemplate: { spec: {} } } });
            assert.deepStrictEqual((await app("GET", "/list")).json, { runtimes: [] });
        });
    });

    describe("POST /pause and /resume", () => {
        it("pause suspends the Sandbox: the pod goes, the workspace claim and the Secret stay", async () => {
            const runtime = (await start(HEX_ID)).json;
            const name = sandboxName(HEX_ID);
            fake.makePodReady(NS, name);
            const claimUid = fake.get("persistentvolumeclaims", NS, `workspace-${name}`)!.metadata.uid;
            const reply = await app("POST", "/pause", { runtime_id: runtime.runtime_id });
            assert.strictEqual(reply.status, 200);
            assert.strictEqual(reply.json.status, "paused");
            assert.strictEqual(fake.get("sandboxes", NS, name)!.spec.operatingMode, "Suspended");
            assert.deepStrictEqual(fake.names("pods", NS), []);
            assert.strictEqual(fake.get("persistentvolumeclaims", NS, `workspace-${name}`)?.metadata.uid, claimUid);
            assert.ok(fake.get("secrets", NS, `${name}-env`));
            assert.strictEqual((await app("GET", `/sessions/${HEX_ID}`)).json.status, "paused");
            // Pausing again changes nothing.
            assert.strictEqual((await app("POST", "/pause", { runtime_id: runtime.runtime_id })).status, 200);
        });

        it("resume writes a new session key to the Secret, returns it, keeps OH_SECRET_KEY, and runs the Sandbox again on the same claim", async () => {
            const runtime = (await start(HEX_ID)).json;
            const name = sandboxName(HEX_ID);
            const claimUid = fake.get("persistentvolumeclaims", NS, `workspace-${name}`)!.metadata.uid;
            await app("POST", "/pause", { runtime_id: runtime.runtime_id });
            const reply = await app("POST", "/resume", { runtime_id: runtime.runtime_id });
            assert.strictEqual(reply.status, 200);
            assertRuntimeShape(reply.json);
            assert.strictEqual(reply.json.session_api_key, "key-3");
            assert.notStrictEqual(reply.json.session_api_key, runtime.session_api_key);
            assert.strictEqual(reply.json.status, "starting");
            assert.strictEqual(secretValue(name, "OH_SESSION_API_KEYS_0"), "key-3");
            assert.strictEqual(secretValue(name, "OH_SECRET_KEY"), "key-2");
            assert.strictEqual(secretValue(name, "LLM_API_KEY"), "sk-test-very-secret-llm-key");
            assert.strictEqual(fake.get("sandboxes", NS, name)!.spec.operatingMode, "Running");
            assert.deepStrictEqual(fake.names("pods", NS), [name]);
            assert.strictEqual(fake.get("persistentvolumeclaims", NS, `workspace-${name}`)?.metadata.uid, claimUid);
            fake.makePodReady(NS, name);
            const after = (await app("GET", `/sessions/${HEX_ID}`)).json;
            assert.strictEqual(after.status, "running");
            assert.strictEqual(after.session_api_key, "key-3");
        });

        it("resume of a running sandbox keeps the key its pod uses", async () => {
            const runtime = (await start(HEX_ID)).json;
            fake.makePodReady(NS, sandboxName(HEX_ID));
            const reply = await app("POST", "/resume", { runtime_id: runtime.runtime_id });
            assert.strictEqual(reply.json.session_api_key, runtime.session_api_key);
            assert.strictEqual(reply.json.status, "running");
        });

        it("answers 404 (which the app tolerates) for a runtime it does not know, 400 for a body without runtime_id", async () => {
            for (const path of ["/pause", "/resume", "/stop"]) {
                for (const id of ["sandbox/oh-00000000000000000000", "sandbox/kube-system", "pods/x", "sandbox/../../secrets"]) {
                    const reply = await app("POST", path, { runtime_id: id });
                    assert.strictEqual(reply.status, 404, `${path} ${id}`);
                }
                assert.strictEqual((await app("POST", path, {})).status, 400);
            }
            assert.ok(fake.seen.every((r) => r.method === "GET"));
        });
    });

    describe("POST /stop", () => {
        it("deletes the Sandbox and everything it owned: pod, Service, workspace claim, Secret", async () => {
            const runtime = (await start(HEX_ID)).json;
            await start(B62_ID);
            const reply = await app("POST", "/stop", { runtime_id: runtime.runtime_id });
            assert.strictEqual(reply.status, 200);
            assert.strictEqual(reply.json.status, "stopped");
            assert.strictEqual(reply.json.session_api_key, null);
            const other = sandboxName(B62_ID);
            for (const resource of ["sandboxes", "pods", "services"]) assert.deepStrictEqual(fake.names(resource, NS), [other], resource);
            assert.deepStrictEqual(fake.names("persistentvolumeclaims", NS), [`workspace-${other}`]);
            assert.deepStrictEqual(fake.names("secrets", NS), [`${other}-env`]);
            // A second stop is a 404, which the app tolerates.
            assert.strictEqual((await app("POST", "/stop", { runtime_id: runtime.runtime_id })).status, 404);
        });

        it("deletes the Sandbox in the foreground: it stays `stopped` while the collector works, and a start meanwhile is a 409", async () => {
            // agent-sandbox's controller refuses a pod, Service or claim owned by an earlier Sandbox
            // of the same name, so a new Sandbox made while they remain reported `error` (seen in
            // tests/e2e/sandboxes.e2e.ts against the real controller and garbage collector).
            fake.holdForeground = true;
            const runtime = (await start(HEX_ID)).json;
            const name = sandboxName(HEX_ID);
            assert.strictEqual((await app("POST", "/stop", { runtime_id: runtime.runtime_id })).status, 200);
            const deletes = fake.seen.filter((r) => r.method === "DELETE");
            assert.deepStrictEqual(deletes.map((r) => [r.path.split("/").slice(-2).join("/"), (r.body as any)?.propagationPolicy]),
                [[`sandboxes/${name}`, "Foreground"], [`secrets/${name}-env`, "Background"]]);
            assert.deepStrictEqual(fake.names("secrets", NS), [], "the environment goes at once");
            assert.deepStrictEqual(fake.names("pods", NS), [name], "the old pod is still being collected");
            const during = await app("GET", `/sessions/${HEX_ID}`);
            assert.deepStrictEqual([during.status, during.json.status, during.json.session_api_key], [200, "stopped", null]);
            assert.deepStrictEqual((await app("GET", "/list")).json.runtimes, []);
            const again = await start(HEX_ID);
            assert.strictEqual(again.status, 409);
            assert.match(again.json.message, /being stopped/);
            fake.finishDeletions();
            assert.strictEqual((await app("GET", `/sessions/${HEX_ID}`)).status, 404);
            const fresh = await start(HEX_ID);
            assert.strictEqual(fresh.status, 200);
            assert.strictEqual(fresh.json.status, "starting");
        });

        it("stops a paused sandbox too, its claim with it", async () => {
            const runtime = (await start(HEX_ID)).json;
            await app("POST", "/pause", { runtime_id: runtime.runtime_id });
            assert.strictEqual((await app("POST", "/stop", { runtime_id: runtime.runtime_id })).status, 200);
            assert.strictEqual(fake.objects.size, 0);
        });

        it("answers 502 with the API's message when the delete is refused, and keeps the sandbox for a retry", async () => {
            const runtime = (await start(HEX_ID)).json;
            fake.failNext({ method: "DELETE", pathPrefix: "/apis/", status: 500, reason: "InternalError", message: "etcdserver: request timed out" });
            const reply = await app("POST", "/stop", { runtime_id: runtime.runtime_id });
            assert.strictEqual(reply.status, 502);
            assert.match(reply.json.message, /etcdserver: request timed out/);
            assert.ok(fake.get("sandboxes", NS, sandboxName(HEX_ID)));
        });
    });

    describe("routing", () => {
        it("answers 404 for unknown paths and 405 for a known path with the wrong method", async () => {
            assert.strictEqual((await app("GET", "/nope")).status, 404);
            assert.strictEqual((await app("GET", "/start")).status, 405);
            assert.strictEqual((await app("POST", "/list")).status, 405);
        });
    });
});
