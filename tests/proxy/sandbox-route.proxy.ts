/**
 * The pods mode's `/sandbox/` route of the generated nginx.conf (`sandboxRoute`), run by the
 * real nginx binary on the loopback: first in front of a stand-in for the adapter's proxy
 * listener (what nginx passes on), then in front of the adapter's real proxy
 * (adapter/proxy.ts) and stand-ins for a sandbox's ports (the whole browser route).
 *
 *   npm run test:proxy
 */
import * as assert from "assert";
import { startProxy, type SandboxProxy } from "../../adapter/proxy";
import type { PortTable } from "../../adapter/proxy-route";
import { sandboxName } from "../../adapter/sandbox-objects";
import { EPHEMERAL_PORTS } from "../../components/builders/proxy";
import { Nginx, freeLowPort } from "../../scripts/proxy/nginx";
import { HandshakeRefused, connectWebSocket } from "../../scripts/proxy/websocket";
import { type Echo, StandIn, listenOnFree, request } from "./stand-ins";

const HOUR = 3600;
const NAME = sandboxName("a session of the pods mode");
const OTHER = sandboxName("another session");

/** Prints nginx's logs under a failed test. */
function printLogsOnFailure(proxy: () => Nginx | undefined): void {
    afterEach(function () {
        if (this.currentTest?.state === "failed") console.error(proxy()?.logs());
    });
}

describe("proxy: the real nginx's /sandbox/ route (pods mode) in front of a stand-in adapter", function () {
    let app: StandIn;
    let adapter: StandIn;
    /** A listener on a port of the docker mode's range: no route may reach it now. */
    let published: StandIn;
    let proxy: Nginx;

    before(async () => {
        app = await listenOnFree("app", freeLowPort);
        adapter = await listenOnFree("adapter", freeLowPort);
        published = await StandIn.listen("published");
        proxy = await Nginx.start({
            appPort: app.port, runtimePorts: EPHEMERAL_PORTS, readTimeoutSeconds: HOUR, sandboxRoute: { upstream: `127.0.0.1:${adapter.port}` },
        });
    });
    after(async () => {
        await proxy?.stop();
        await Promise.all([app, adapter, published].map((s) => s?.close()));
    });
    beforeEach(() => { for (const s of [app, adapter, published]) s.reset(); });
    printLogsOnFailure(() => proxy);

    it("passes /sandbox/<name>/... to the adapter with the path and query exactly as sent, and the client's address", async () => {
        const spoof = { Host: "oh.example.com:30080", "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Prefix": "/evil", "X-Forwarded-Host": "evil.example" };
        const targets = [
            `/sandbox/${NAME}`, `/sandbox/${NAME}/api/conversations/c0ffee?page=2&b=%2F`,
            `/sandbox/${NAME}/vscode?tkn=secret&folder=/workspace/project`, `/sandbox/${NAME}/work-2/a%20b/c`,
            `/sandbox/${NAME}%2F..%2F${OTHER}/x`, "/sandbox/kube-system/",
        ];
        for (const target of targets) {
            adapter.reset();
            const reply = await request(proxy.port, target, { headers: spoof, localAddress: "127.0.0.2" });
            assert.strictEqual(reply.status, 200, `${target}: ${reply.body}`);
            const echo = JSON.parse(reply.body) as Echo;
            assert.deepStrictEqual([echo.name, echo.url], ["adapter", target]);
            assert.strictEqual(echo.headers.host, "oh.example.com:30080");
            assert.strictEqual(echo.headers["x-forwarded-for"], "127.0.0.2", "the client's address, not its claim");
            assert.strictEqual(echo.headers["x-forwarded-proto"], "http");
            assert.strictEqual(echo.headers["x-forwarded-prefix"], undefined);
            assert.strictEqual(echo.headers["x-forwarded-host"], undefined);
        }
        assert.deepStrictEqual([app.seen.length, published.seen.length], [0, 0]);
    });

    it("carries WebSockets to the adapter, path as sent, both ways", async () => {
        const path = `/sandbox/${NAME}/sockets/events/c0ffee?resend_all=true`;
        const ws = await connectWebSocket({ host: "127.0.0.1", port: proxy.port, path });
        try {
            const big = "y".repeat(70_000);
            ws.sendText("hello");
            ws.sendText(big);
            assert.strictEqual(await ws.nextMessage(), `adapter ${path} hello`);
            assert.strictEqual(await ws.nextMessage(), `adapter ${path} ${big}`);
            assert.strictEqual(adapter.seen.find((s) => s.upgrade)?.headers.upgrade, "websocket");
        } finally {
            ws.close();
        }
    });

    it("passes a 20 MiB upload and refuses one over 100 MiB, as for the app", async () => {
        const body = Buffer.alloc(20 * 1024 * 1024, 0x2a);
        const reply = await request(proxy.port, `/sandbox/${NAME}/api/file/upload`, { method: "POST", body });
        assert.strictEqual((JSON.parse(reply.body) as Echo).bodyBytes, body.length);
        adapter.reset();
        const tooBig = await request(proxy.port, `/sandbox/${NAME}/api/file/upload`, {
            method: "POST", headers: { "Content-Length": String(100 * 1024 * 1024 + 1) },
        });
        assert.strictEqual(tooBig.status, 413);
        assert.strictEqual(adapter.seen.length, 0);
    });

    it("has no /runtime/<port>/ route: those paths are the app's, and no published port is reached", async () => {
        for (const target of [`/runtime/${published.port}/x`, `/runtime/${published.port}`]) {
            const reply = await request(proxy.port, target);
            assert.deepStrictEqual([(JSON.parse(reply.body) as Echo).name, (JSON.parse(reply.body) as Echo).url], ["app", target]);
        }
        assert.strictEqual(published.seen.length, 0);
        assert.strictEqual(adapter.seen.length, 0);
    });

    it("sends what nginx normalises out of /sandbox/ to the app, not the adapter", async () => {
        const reply = await request(proxy.port, "/sandbox/../api/settings");
        assert.strictEqual((JSON.parse(reply.body) as Echo).name, "app");
        assert.strictEqual(adapter.seen.length, 0);
    });
});

describe("proxy: the real nginx's idle timeout on the /sandbox/ route", function () {
    let app: StandIn;
    let adapter: StandIn;
    let proxy: Nginx | undefined;
    after(async () => {
        await proxy?.stop();
        await Promise.all([app?.close(), adapter?.close()]);
    });
    printLogsOnFailure(() => proxy);

    it("closes an idle WebSocket at readTimeoutSeconds, as the app's routes do", async function () {
        this.timeout(30_000);
        app = await listenOnFree("app", freeLowPort);
        adapter = await listenOnFree("adapter", freeLowPort);
        proxy = await Nginx.start({ appPort: app.port, runtimePorts: EPHEMERAL_PORTS, readTimeoutSeconds: 2, sandboxRoute: { upstream: `127.0.0.1:${adapter.port}` } });
        const ws = await connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: `/sandbox/${NAME}/sockets/events/idle` });
        ws.sendText("before");
        await ws.nextMessage();
        const started = Date.now();
        const outcome = await Promise.race([ws.closed.then(() => "closed"), new Promise<string>((r) => setTimeout(() => r("still open"), 6000))]);
        assert.strictEqual(outcome, "closed");
        const seconds = (Date.now() - started) / 1000;
        assert.ok(seconds >= 1.5 && seconds < 5, `closed after ${seconds} s`);
    });
});

describe("proxy: browser -> the real nginx -> the adapter's proxy -> a sandbox's ports", function () {
    const standIns = {} as Record<keyof PortTable, StandIn>;
    let app: StandIn;
    let adapter: SandboxProxy;
    let proxy: Nginx;
    const asked: string[] = [];

    before(async () => {
        for (const kind of ["agentServer", "vscode", "worker1", "worker2"] as const) standIns[kind] = await StandIn.listen(kind);
        const ports: PortTable = {
            agentServer: standIns.agentServer.port, vscode: standIns.vscode.port, worker1: standIns.worker1.port, worker2: standIns.worker2.port,
        };
        const resolver = {
            resolve: (name: string) => {
                asked.push(name);
                return Promise.resolve(name === NAME ? { host: "127.0.0.1" } : undefined);
            },
        };
        adapter = await startProxy({ resolver, ports }, 0, "127.0.0.1");
        app = await listenOnFree("app", freeLowPort);
        proxy = await Nginx.start({
            appPort: app.port, runtimePorts: EPHEMERAL_PORTS, readTimeoutSeconds: HOUR, sandboxRoute: { upstream: `127.0.0.1:${adapter.port}` },
        });
    });
    after(async () => {
        await proxy?.stop();
        await adapter?.close(500);
        await Promise.all([app, ...Object.values(standIns)].map((s) => s?.close()));
    });
    beforeEach(() => {
        for (const s of [app, ...Object.values(standIns)]) s.reset();
        asked.length = 0;
    });
    printLogsOnFailure(() => proxy);

    it("reaches each port with its path: VS Code's full path and token, the agent-server and workers stripped", async () => {
        const cases: Array<[string, keyof PortTable, string]> = [
            [`/sandbox/${NAME}/api/conversations/c0ffee?x=1`, "agentServer", "/api/conversations/c0ffee?x=1"],
            [`/sandbox/${NAME}/vscode?tkn=secret&folder=/workspace/project`, "vscode", `/sandbox/${NAME}/vscode?tkn=secret&folder=/workspace/project`],
            [`/sandbox/${NAME}/work-1/`, "worker1", "/"],
            [`/sandbox/${NAME}/work-2/app.js`, "worker2", "/app.js"],
        ];
        for (const [target, kind, upstream] of cases) {
            const reply = await request(proxy.port, target, { headers: { Host: "oh.example.com", "X-API-Key": "runtime-api-key" }, localAddress: "127.0.0.3" });
            assert.strictEqual(reply.status, 200, `${target}: ${reply.body}`);
            const echo = JSON.parse(reply.body) as Echo;
            assert.deepStrictEqual([echo.name, echo.url], [kind, upstream]);
            assert.strictEqual(echo.headers.host, "oh.example.com");
            assert.strictEqual(echo.headers["x-forwarded-for"], "127.0.0.3, 127.0.0.1", "the client, then nginx");
            assert.strictEqual(echo.headers["x-api-key"], undefined);
        }
    });

    it("carries a WebSocket to the agent-server end to end", async () => {
        const ws = await connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: `/sandbox/${NAME}/sockets/events/c0ffee?resend_all=true` });
        try {
            ws.sendText("hello");
            assert.strictEqual(await ws.nextMessage(), "agentServer /sockets/events/c0ffee?resend_all=true hello");
        } finally {
            ws.close();
        }
    });

    it("is refused by the adapter (404) for names not its own, encoded or not, and for sandboxes it does not know", async () => {
        const targets = [
            "/sandbox/kube-system/api", "/sandbox/oh-XYZ/", `/sandbox/${NAME}%2F..%2F${OTHER}/x`, `/sandbox/%2e%2e/sandbox/${NAME}/x`,
            `/sandbox/${NAME}/%2e%2e/x`, `/sandbox/${OTHER}/api`,
        ];
        for (const target of targets) {
            const reply = await request(proxy.port, target);
            assert.strictEqual(reply.status, 404, `${target}: ${reply.status} ${reply.body}`);
            assert.strictEqual(JSON.parse(reply.body).error, "not_found", target);
        }
        await assert.rejects(connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: `/sandbox/${OTHER}/sockets/events/x` }),
            (e: unknown) => e instanceof HandshakeRefused && e.status === 404);
        assert.deepStrictEqual(asked, [OTHER, OTHER], "only the well-formed name was looked up");
        for (const s of [app, ...Object.values(standIns)]) assert.deepStrictEqual(s.seen, [], `${s.name} was contacted`);
    });
});
