/** The adapter's settings and its Kubernetes client (the client against the loopback fake API). */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, DEFAULTS, readConfig } from "../../adapter/config";
import { KubeApiError, KubeClient, fileToken, isConflict, isNotFound, paths } from "../../adapter/kube-client";
import { FakeKube } from "./fake-kube";

const GOOD = {
    ADAPTER_API_KEY: "0123456789abcdef-key",
    ADAPTER_NAMESPACE: "sandboxes",
    ADAPTER_PUBLIC_BASE_URL: "https://oh.example.com/",
    ADAPTER_APP_INTERNAL_URL: "http://openhands.openhands.svc:3000",
};

describe("adapter: config", () => {
    it("reads the required settings and defaults the rest", () => {
        const config = readConfig(GOOD);
        assert.strictEqual(config.publicBaseUrl, "https://oh.example.com");
        assert.strictEqual(config.appInternalUrl, "http://openhands.openhands.svc:3000");
        assert.strictEqual(config.maxSandboxes, DEFAULTS.maxSandboxes);
        assert.strictEqual(config.port, 8080);
        assert.strictEqual(config.proxyPort, 8081);
        assert.strictEqual(config.sandboxUserIds, "request");
        assert.deepStrictEqual(config.allowedImages, []);
        assert.deepStrictEqual(config.sandbox, {
            cpuRequest: "500m", memoryRequest: "2Gi", cpuLimit: "2", memoryLimit: "4Gi", storageSize: "10Gi",
            storageClassName: undefined, runtimeClassName: undefined, scratchSize: "4Gi",
        });
    });

    it("reads the optional settings", () => {
        const config = readConfig({
            ...GOOD, ADAPTER_MAX_SANDBOXES: "25", ADAPTER_SANDBOX_STORAGE_CLASS: "standard-rwo", ADAPTER_SANDBOX_RUNTIME_CLASS: "gvisor",
            ADAPTER_SANDBOX_CPU_LIMIT: "", ADAPTER_ALLOWED_IMAGES: "ghcr.io/openhands/agent-server:, registry.local/x:1",
            ADAPTER_SANDBOX_USER_IDS: "platform", ADAPTER_PROXY_PORT: "9090",
        });
        assert.strictEqual(config.sandboxUserIds, "platform");
        assert.strictEqual(config.proxyPort, 9090);
        assert.strictEqual(config.maxSandboxes, 25);
        assert.strictEqual(config.sandbox.storageClassName, "standard-rwo");
        assert.strictEqual(config.sandbox.runtimeClassName, "gvisor");
        assert.strictEqual(config.sandbox.cpuLimit, "");
        assert.deepStrictEqual(config.allowedImages, ["ghcr.io/openhands/agent-server:", "registry.local/x:1"]);
    });

    const bad: Array<[Record<string, string>, string, RegExp]> = [
        [{ ADAPTER_API_KEY: "" }, "ADAPTER_API_KEY", /required/],
        [{ ADAPTER_API_KEY: "short" }, "ADAPTER_API_KEY", /16/],
        [{ ADAPTER_NAMESPACE: "Bad_NS" }, "ADAPTER_NAMESPACE", /namespace/],
        [{ ADAPTER_PUBLIC_BASE_URL: "https://oh.example.com/openhands" }, "ADAPTER_PUBLIC_BASE_URL", /no path/],
        [{ ADAPTER_PUBLIC_BASE_URL: "oh.example.com" }, "ADAPTER_PUBLIC_BASE_URL", /absolute URL/],
        [{ ADAPTER_PUBLIC_BASE_URL: "ftp://oh.example.com" }, "ADAPTER_PUBLIC_BASE_URL", /http or https/],
        [{ ADAPTER_APP_INTERNAL_URL: "" }, "ADAPTER_APP_INTERNAL_URL", /required/],
        [{ ADAPTER_SANDBOX_MEMORY_LIMIT: "4 GB" }, "ADAPTER_SANDBOX_MEMORY_LIMIT", /quantity/],
        [{ ADAPTER_MAX_SANDBOXES: "ten" }, "ADAPTER_MAX_SANDBOXES", /whole number/],
        [{ ADAPTER_MAX_SANDBOXES: "0" }, "ADAPTER_MAX_SANDBOXES", /outside/],
        [{ ADAPTER_SANDBOX_STORAGE_CLASS: "Fast_SSD" }, "ADAPTER_SANDBOX_STORAGE_CLASS", /name/],
        [{ ADAPTER_SANDBOX_USER_IDS: "openshift" }, "ADAPTER_SANDBOX_USER_IDS", /not one of request, platform/],
        [{ ADAPTER_SANDBOX_USER_IDS: "Platform" }, "ADAPTER_SANDBOX_USER_IDS", /not one of/],
        [{ ADAPTER_PROXY_PORT: "0" }, "ADAPTER_PROXY_PORT", /outside/],
        [{ ADAPTER_PROXY_PORT: "8080" }, "ADAPTER_PROXY_PORT", /ADAPTER_PORT/],
        [{ ADAPTER_PORT: "9000", ADAPTER_PROXY_PORT: "9000" }, "ADAPTER_PROXY_PORT", /two servers/],
    ];
    for (const [change, variable, message] of bad) {
        it(`refuses ${JSON.stringify(change)}, naming ${variable}`, () => {
            assert.throws(() => readConfig({ ...GOOD, ...change }), (err: unknown) => {
                assert.ok(err instanceof ConfigError);
                assert.strictEqual(err.variable, variable);
                assert.ok(err.message.startsWith(`${variable}: `));
                assert.match(err.message, message);
                return true;
            });
        });
    }
});

describe("adapter: the Kubernetes client", () => {
    let fake: FakeKube;
    let server: string;
    let client: KubeClient;
    const secrets = paths.secrets("ns");

    beforeEach(async () => {
        fake = new FakeKube("t0ken");
        server = await fake.start();
        client = new KubeClient({ server, token: "t0ken", timeoutMs: 3000 });
    });
    afterEach(async () => {
        client.close();
        await fake.stop();
    });

    it("creates, gets, merge-patches, applies, lists by label and deletes", async () => {
        const created = await client.create<any>(secrets, { metadata: { name: "a", labels: { x: "1" } }, data: { k: "dg==" } });
        assert.ok(created.metadata.uid);
        assert.strictEqual((await client.get<any>(paths.secrets("ns", "a"))).data.k, "dg==");
        await client.mergePatch(paths.secrets("ns", "a"), { data: { j: "dw==" } });
        assert.deepStrictEqual((await client.get<any>(paths.secrets("ns", "a"))).data, { k: "dg==", j: "dw==" });
        await client.apply(paths.secrets("ns", "b"), { apiVersion: "v1", kind: "Secret", metadata: { name: "b", labels: { x: "2" } } }, "tester");
        assert.deepStrictEqual((await client.list<any>(secrets, "x=2")).items.map((s: any) => s.metadata.name), ["b"]);
        assert.strictEqual((await client.list<any>(secrets, "x=1,y=3")).items.length, 0);
        await client.delete(paths.secrets("ns", "a"));
        assert.deepStrictEqual(fake.names("secrets", "ns"), ["b"]);
        const kinds = fake.seen.map((r) => `${r.method} ${r.contentType ?? "-"}`);
        assert.deepStrictEqual(kinds, [
            "POST application/json", "GET -", "PATCH application/merge-patch+json", "GET -", "PATCH application/apply-patch+yaml",
            "GET -", "GET -", "DELETE application/json",
        ]);
    });

    it("rejects with the status code, the reason and the API's message", async () => {
        await assert.rejects(client.get(paths.secrets("ns", "nope")), (err: unknown) => {
            assert.ok(err instanceof KubeApiError);
            assert.strictEqual(err.status, 404);
            assert.strictEqual(err.reason, "NotFound");
            assert.match(err.apiMessage, /"nope" not found/);
            assert.ok(isNotFound(err) && !isConflict(err));
            return true;
        });
        await client.create(secrets, { metadata: { name: "dup" } });
        await assert.rejects(client.create(secrets, { metadata: { name: "dup" } }), (err: unknown) => isConflict(err));
    });

    it("sends the current token on every request (a function is asked each time)", async () => {
        let token = "wrong";
        const rotating = new KubeClient({ server, token: () => token });
        await assert.rejects(rotating.get(paths.secrets("ns", "x")), (err: unknown) => err instanceof KubeApiError && err.status === 401);
        token = "t0ken";
        await assert.rejects(rotating.get(paths.secrets("ns", "x")), (err: unknown) => err instanceof KubeApiError && err.status === 404);
        rotating.close();
    });

    it("re-reads a token file once a minute", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adapter-token-"));
        try {
            const file = path.join(dir, "token");
            fs.writeFileSync(file, "one\n");
            let now = 0;
            const token = fileToken(file, () => now);
            assert.strictEqual(token(), "one");
            fs.writeFileSync(file, "two\n");
            now = 59_000;
            assert.strictEqual(token(), "one");
            now = 60_000;
            assert.strictEqual(token(), "two");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("reports an unreachable server as status 0", async () => {
        await fake.stop();
        await assert.rejects(client.get(paths.secrets("ns", "x")), (err: unknown) => err instanceof KubeApiError && err.status === 0);
    });

    it("refuses plain http to anything but loopback, and needs KUBERNETES_SERVICE_HOST in a pod", () => {
        assert.throws(() => new KubeClient({ server: "http://10.0.0.1:6443", token: "t" }), /only loopback/);
        assert.throws(() => new KubeClient({ server: "ftp://127.0.0.1", token: "t" }), /scheme/);
        assert.throws(() => KubeClient.inCluster({}), /KUBERNETES_SERVICE_HOST/);
    });
});

describe("adapter: the Kubernetes client over TLS, configured as in a pod", function () {
    this.timeout(20_000);
    let dir: string;
    let fake: FakeKube;
    let server: string;

    before(function () {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "adapter-tls-"));
        // A self-signed certificate for 127.0.0.1, made with the openssl CLI (as scripts/e2e/cluster.sh makes its PKI).
        const made = spawnSync("openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=fake-apiserver", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", path.join(dir, "tls.key"), "-out", path.join(dir, "ca.crt"),
        ], { encoding: "utf8", timeout: 15_000 });
        if (made.status !== 0) throw new Error(`openssl failed: ${made.error?.message ?? made.stderr}`);
        fs.writeFileSync(path.join(dir, "token"), "sa-token\n");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    beforeEach(async () => {
        fake = new FakeKube("sa-token");
        server = await fake.start({ key: fs.readFileSync(path.join(dir, "tls.key"), "utf8"), cert: fs.readFileSync(path.join(dir, "ca.crt"), "utf8") });
    });
    afterEach(() => fake.stop());

    it("reads the token and CA files and reaches https://KUBERNETES_SERVICE_HOST:PORT", async () => {
        const port = new URL(server).port;
        const client = KubeClient.inCluster({ KUBERNETES_SERVICE_HOST: "127.0.0.1", KUBERNETES_SERVICE_PORT: port }, dir);
        try {
            await client.create(paths.secrets("ns"), { metadata: { name: "s" } });
            assert.deepStrictEqual((await client.list<any>(paths.secrets("ns"), "")).items.map((s: any) => s.metadata.name), ["s"]);
        } finally {
            client.close();
        }
    });

    it("refuses a server whose certificate its CA did not sign", async () => {
        const client = new KubeClient({ server, token: "sa-token" });
        try {
            await assert.rejects(client.get(paths.secrets("ns", "s")), (err: unknown) => {
                assert.ok(err instanceof KubeApiError);
                assert.strictEqual(err.status, 0);
                assert.match(err.apiMessage, /self[- ]signed/i);
                return true;
            });
            assert.strictEqual(fake.seen.length, 0);
        } finally {
            client.close();
        }
    });
});
