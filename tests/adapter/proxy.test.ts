/**
 * The browser's route to the sandboxes (adapter/proxy.ts), over loopback: stand-ins for a
 * sandbox's four ports (HTTP and WebSocket echo servers, tests/proxy/stand-ins.ts) behind the
 * adapter's proxy, with a resolver stub that maps names to 127.0.0.1, and with the real
 * resolver against the in-memory Kubernetes API (fake-kube.ts).
 */
import * as assert from "assert";
import * as http from "http";
import * as net from "net";
import type { AddressInfo } from "net";
import { KubeApiError, KubeClient } from "../../adapter/kube-client";
import type { Logger } from "../../adapter/log";
import { type SandboxProxy, startProxy } from "../../adapter/proxy";
import { type PortKind, type PortTable, requestHeaders, rewriteLocation, routeOf } from "../../adapter/proxy-route";
import { buildSandbox, sandboxName } from "../../adapter/sandbox-objects";
import { KubeSandboxResolver, type SandboxResolver, type SandboxTarget, sandboxHost } from "../../adapter/sandbox-resolver";
import { parseStartRequest } from "../../adapter/start-request";
import { HandshakeRefused, connectWebSocket } from "../../scripts/proxy/websocket";
import { type Echo, type Reply, StandIn, request } from "../proxy/stand-ins";
import { appStartBody } from "./app-client";
import { FakeKube } from "./fake-kube";

const NAME = sandboxName("0123456789abcdef0123456789abcdef");
const OTHER = sandboxName("another session");
const NS = "openhands-sandboxes";
const KINDS: readonly PortKind[] = ["agentServer", "vscode", "worker1", "worker2"];

/** A resolver that knows `names` (all on 127.0.0.1) and records every name it is asked. */
class StubResolver implements SandboxResolver {
    readonly asked: string[] = [];
    failure: Error | undefined;
    constructor(readonly names: Set<string>) {}
    resolve(name: string): Promise<SandboxTarget | undefined> {
        this.asked.push(name);
        if (this.failure) return Promise.reject(this.failure);
        return Promise.resolve(this.names.has(name) ? { host: "127.0.0.1" } : undefined);
    }
}

/** A port nothing listens on (just released by a listener). */
async function closedPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

/** A plain HTTP server on a free loopback port. */
async function listen(handler: http.RequestListener): Promise<http.Server> {
    const server = http.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return server;
}

function portOf(server: http.Server): number {
    return (server.address() as AddressInfo).port;
}

function close(server: http.Server): Promise<void> {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
}

/** Settles when `promise` does, or fails after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms); });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Sends `head` on a raw connection and reads until the peer closes or `ms` pass. */
function rawExchange(port: number, head: string, ms = 3000): Promise<string> {
    return new Promise((resolve, reject) => {
        const socket = net.connect({ host: "127.0.0.1", port });
        let text = "";
        socket.setEncoding("latin1");
        socket.on("data", (d: string) => { text += d; });
        socket.on("close", () => resolve(text));
        socket.on("error", reject);
        socket.setTimeout(ms, () => { socket.destroy(); resolve(text); });
        socket.write(head);
    });
}

describe("adapter: the proxy's routes (pure)", () => {
    it("sends each path to its port: VS Code with its full path, the workers and the agent-server with their prefix stripped, queries kept", () => {
        const base = `/sandbox/${NAME}`;
        const table: Array<[string, PortKind, string]> = [
            [base, "agentServer", "/"],
            [`${base}/`, "agentServer", "/"],
            [`${base}?x=1`, "agentServer", "/?x=1"],
            [`${base}/api/conversations/c0ffee?resend=1&b=%2F`, "agentServer", "/api/conversations/c0ffee?resend=1&b=%2F"],
            [`${base}/sockets/events/c0ffee`, "agentServer", "/sockets/events/c0ffee"],
            [`${base}/vscode`, "vscode", `${base}/vscode`],
            [`${base}/vscode?tkn=secret&folder=/workspace/project`, "vscode", `${base}/vscode?tkn=secret&folder=/workspace/project`],
            [`${base}/vscode/stable-0/static/out/x.js`, "vscode", `${base}/vscode/stable-0/static/out/x.js`],
            [`${base}/vscodex`, "agentServer", "/vscodex"],
            [`${base}/work-1`, "worker1", "/"],
            [`${base}/work-1?a=b`, "worker1", "/?a=b"],
            [`${base}/work-1/app/index.html?v=2`, "worker1", "/app/index.html?v=2"],
            [`${base}/work-2/`, "worker2", "/"],
            [`${base}/work-2/a%2Fb`, "worker2", "/a%2Fb"],
            [`${base}/work-10`, "agentServer", "/work-10"],
            [`${base}/api/work-1/x`, "agentServer", "/api/work-1/x"],
        ];
        for (const [target, kind, upstream] of table) {
            const route = routeOf(target);
            assert.ok(route, target);
            assert.deepStrictEqual([route.name, route.kind, route.target], [NAME, kind, upstream], target);
        }
    });

    it("matches nothing but /sandbox/oh-<20 hex>, as sent, with no dot segment", () => {
        const refused = [
            "/", "/healthz", "/sandbox", "/sandbox/", "/sandbox/kube-system/x", "/sandbox/oh-XYZ/x", `/sandbox/${NAME.toUpperCase()}/x`,
            `/sandbox/${NAME}0/x`, `/sandbox/${NAME.slice(0, -1)}/x`, "/sandbox/../x", `/sandbox/../sandbox/${NAME}/`,
            `/sandbox/${NAME}%2F..%2F${OTHER}/`, `/sandbox/%2e%2e/${NAME}/`, `/sandbox/oh-%30123456789abcdef0123/`, `/sandbox/${NAME}/../${OTHER}/x`,
            `/sandbox/${NAME}/./x`, `/sandbox/${NAME}/%2E%2e/x`, `/sandbox/${NAME}/api/..`, `//sandbox/${NAME}/`, `/Sandbox/${NAME}/`,
            `/sandboxes/${NAME}/`, `http://evil.example/sandbox/${NAME}/`, "*",
        ];
        for (const target of refused) assert.strictEqual(routeOf(target), undefined, target);
        assert.ok(routeOf(`/sandbox/${NAME}/a/..b/c.d/...`), "dots inside a segment are not a dot segment");
    });

    it("passes the client's headers on without hop-by-hop ones and the API key, and says who asked", () => {
        const raw = [
            "Host", "oh.example.com", "Connection", "keep-alive, X-Hop", "Keep-Alive", "timeout=5", "X-Hop", "1", "TE", "trailers",
            "Proxy-Authorization", "Basic x", "X-API-Key", "adapter-key", "X-Session-API-Key", "session-key", "Cookie", "a=1",
            "Cookie", "b=2", "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https", "X-Forwarded-Prefix", "/evil",
            "X-Forwarded-Host", "evil.example", "Forwarded", "for=1.2.3.4", "Expect", "100-continue", "Upgrade", "websocket",
        ];
        assert.deepStrictEqual(requestHeaders(raw, { remoteAddress: "::ffff:10.0.0.5", upgrade: false }), {
            Host: "oh.example.com", "X-Session-API-Key": "session-key", Cookie: ["a=1", "b=2"],
            "X-Forwarded-For": "203.0.113.9, 10.0.0.5", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "oh.example.com",
        });
        const upgrade = requestHeaders(["Host", "h", "Connection", "Upgrade", "Upgrade", "websocket", "X-Forwarded-Proto", "ftp"],
            { remoteAddress: "127.0.0.1", upgrade: true });
        assert.deepStrictEqual(upgrade, {
            Host: "h", Connection: "Upgrade", Upgrade: "websocket", "X-Forwarded-For": "127.0.0.1", "X-Forwarded-Proto": "http", "X-Forwarded-Host": "h",
        });
    });

    it("points a stripped sandbox's redirects to its own root back under its prefix, and leaves the rest", () => {
        const prefix = `/sandbox/${NAME}`;
        assert.strictEqual(rewriteLocation("/next?x=1", prefix, "oh.example.com"), `${prefix}/next?x=1`);
        assert.strictEqual(rewriteLocation("http://oh.example.com/next", prefix, "oh.example.com"), `${prefix}/next`);
        assert.strictEqual(rewriteLocation("https://OH.example.com/", prefix, "oh.example.com"), `${prefix}/`);
        assert.strictEqual(rewriteLocation("https://elsewhere.example/next", prefix, "oh.example.com"), "https://elsewhere.example/next");
        assert.strictEqual(rewriteLocation("//elsewhere.example/next", prefix, "oh.example.com"), "//elsewhere.example/next");
        assert.strictEqual(rewriteLocation("next", prefix, "oh.example.com"), "next");
        assert.strictEqual(rewriteLocation("/next", "", "oh.example.com"), "/next", "VS Code keeps its full path: nothing to add");
    });
});

describe("adapter: the proxy over loopback", function () {
    this.timeout(20_000);
    const standIns = {} as Record<PortKind, StandIn>;
    let ports: PortTable;
    let resolver: StubResolver;
    let proxy: SandboxProxy;
    const lines: string[] = [];
    const logger: Logger = { log: (level, msg, fields) => lines.push(JSON.stringify({ level, msg, ...fields })) };
    const all = (): StandIn[] => KINDS.map((k) => standIns[k]);

    before(async () => {
        for (const kind of KINDS) standIns[kind] = await StandIn.listen(kind);
        ports = Object.fromEntries(KINDS.map((k) => [k, standIns[k].port])) as unknown as PortTable;
        resolver = new StubResolver(new Set([NAME]));
        proxy = await startProxy({ resolver, logger, ports }, 0, "127.0.0.1");
    });
    after(async () => {
        await proxy?.close(500);
        await Promise.all(all().map((s) => s?.close()));
    });
    beforeEach(() => {
        for (const s of all()) s.reset();
        resolver.asked.length = 0;
        resolver.failure = undefined;
        lines.length = 0;
    });

    const get = (target: string, headers: Record<string, string> = {}): Promise<Reply> =>
        request(proxy.port, target, { headers: { Host: "oh.example.com", ...headers } });
    const echoOf = (reply: Reply): Echo => {
        assert.strictEqual(reply.status, 200, reply.body);
        return JSON.parse(reply.body) as Echo;
    };

    it("forwards each kind of path to its port with the path rewritten and the query kept", async () => {
        const cases: Array<[string, PortKind, string]> = [
            [`/sandbox/${NAME}`, "agentServer", "/"],
            [`/sandbox/${NAME}/api/conversations/c0ffee?page=2&b=%2F`, "agentServer", "/api/conversations/c0ffee?page=2&b=%2F"],
            [`/sandbox/${NAME}/vscode?tkn=secret-token&folder=/workspace/project`, "vscode", `/sandbox/${NAME}/vscode?tkn=secret-token&folder=/workspace/project`],
            [`/sandbox/${NAME}/vscode/stable-0/static/x.js`, "vscode", `/sandbox/${NAME}/vscode/stable-0/static/x.js`],
            [`/sandbox/${NAME}/work-1`, "worker1", "/"],
            [`/sandbox/${NAME}/work-1/index.html?v=1`, "worker1", "/index.html?v=1"],
            [`/sandbox/${NAME}/work-2/api/x`, "worker2", "/api/x"],
        ];
        for (const [target, kind, upstream] of cases) {
            for (const s of all()) s.reset();
            const echo = echoOf(await get(target));
            assert.deepStrictEqual([echo.name, echo.url], [kind, upstream], target);
            assert.deepStrictEqual(all().filter((s) => s.seen.length > 0).map((s) => s.name), [kind], `${target}: only ${kind} was contacted`);
            assert.strictEqual(echo.headers.host, "oh.example.com", "Host as the client sent it");
            assert.strictEqual(echo.headers["x-forwarded-for"], "127.0.0.1");
            assert.strictEqual(echo.headers["x-forwarded-proto"], "http");
            assert.strictEqual(echo.headers["x-forwarded-host"], "oh.example.com");
        }
        assert.deepStrictEqual([...new Set(resolver.asked)], [NAME]);
    });

    it("drops X-API-Key, hop-by-hop headers and a client's X-Forwarded-Prefix; keeps the sandbox's own key, cookies and a front proxy's scheme", async () => {
        const echo = echoOf(await get(`/sandbox/${NAME}/api/x`, {
            "X-API-Key": "the-runtime-api-key", "X-Session-API-Key": "session-key", Cookie: "vscode-tkn=t",
            Connection: "keep-alive, X-Hop", "X-Hop": "1", "Proxy-Authorization": "Basic eA==", "X-Forwarded-Prefix": "/evil",
            "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https",
        }));
        for (const dropped of ["x-api-key", "x-hop", "proxy-authorization", "x-forwarded-prefix"]) {
            assert.strictEqual(echo.headers[dropped], undefined, dropped);
        }
        assert.strictEqual(echo.headers["x-session-api-key"], "session-key");
        assert.strictEqual(echo.headers.cookie, "vscode-tkn=t");
        assert.strictEqual(echo.headers["x-forwarded-for"], "203.0.113.9, 127.0.0.1");
        assert.strictEqual(echo.headers["x-forwarded-proto"], "https");
    });

    it("rewrites a stripped sandbox's redirects to its own root into its prefix", async () => {
        const relative = await get(`/sandbox/${NAME}/redirect-relative`);
        assert.deepStrictEqual([relative.status, relative.headers.location], [307, `/sandbox/${NAME}/next?from=relative`]);
        const worker = await get(`/sandbox/${NAME}/work-1/redirect-host`);
        assert.deepStrictEqual([worker.status, worker.headers.location], [307, `/sandbox/${NAME}/work-1/next`]);
        const elsewhere = await get(`/sandbox/${NAME}/redirect-elsewhere`);
        assert.deepStrictEqual([elsewhere.status, elsewhere.headers.location], [302, "https://elsewhere.example/next"]);
    });

    it("carries WebSockets to the agent-server and to VS Code, messages both ways, without the API key", async () => {
        const events = await connectWebSocket({
            host: "127.0.0.1", port: proxy.port, path: `/sandbox/${NAME}/sockets/events/c0ffee?resend_all=true`,
            headers: { Host: "oh.example.com", "X-API-Key": "the-runtime-api-key", "X-Session-API-Key": "session-key" },
        });
        const vscode = await connectWebSocket({
            host: "127.0.0.1", port: proxy.port, path: `/sandbox/${NAME}/vscode/?reconnectionToken=r1&skipWebSocketFrames=false`,
        });
        try {
            events.sendText("hello");
            vscode.sendText("bonjour");
            const big = "z".repeat(200_000);
            events.sendText(big);
            assert.strictEqual(await events.nextMessage(), "agentServer /sockets/events/c0ffee?resend_all=true hello");
            assert.strictEqual(await vscode.nextMessage(), `vscode /sandbox/${NAME}/vscode/?reconnectionToken=r1&skipWebSocketFrames=false bonjour`);
            assert.strictEqual(await events.nextMessage(), `agentServer /sockets/events/c0ffee?resend_all=true ${big}`);
            for (let i = 0; i < 50; i++) events.sendText(`m${i}`);
            for (let i = 0; i < 50; i++) assert.strictEqual(await events.nextMessage(), `agentServer /sockets/events/c0ffee?resend_all=true m${i}`);
            const handshake = standIns.agentServer.seen.find((s) => s.upgrade)!;
            assert.strictEqual(handshake.headers["x-api-key"], undefined);
            assert.strictEqual(handshake.headers["x-session-api-key"], "session-key");
            assert.strictEqual(handshake.headers["x-forwarded-for"], "127.0.0.1");
            assert.strictEqual(handshake.headers.upgrade, "websocket");
            assert.strictEqual(handshake.headers.host, "oh.example.com");
        } finally {
            events.close();
            vscode.close();
        }
        const closed = await within(events.closed, 3000, "close");
        assert.strictEqual(closed.code, 1000, "the close handshake crosses the tunnel");
    });

    it("passes on a sandbox's refusal to switch protocols, and nothing more from that client reaches it", async () => {
        // A sandbox that refuses every upgrade and keeps its connection open, recording what it receives.
        let received = "";
        const refusing = net.createServer((socket) => {
            socket.setEncoding("latin1");
            socket.on("data", (d: string) => {
                if (received === "") socket.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\nno");
                received += d;
            });
        });
        await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
        const behind = await startProxy({ resolver, ports: { ...ports, agentServer: (refusing.address() as AddressInfo).port } }, 0, "127.0.0.1");
        try {
            const upgrade = `GET /sandbox/${NAME}/sockets/events/x HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`;
            const reply = await rawExchange(behind.port, `${upgrade}GET /sandbox/${OTHER}/smuggled HTTP/1.1\r\nHost: h\r\n\r\n`);
            assert.match(reply, /^HTTP\/1\.1 403 Forbidden\r\n[^]*\r\n\r\nno$/);
            assert.match(received, /^GET \/sockets\/events\/x HTTP\/1\.1\r\n/);
            assert.ok(!received.includes("smuggled"), received);
        } finally {
            await behind.close(500);
            refusing.close();
        }
    });

    it("passes on the stand-in's 400 to a handshake without a key", async () => {
        const reply = await rawExchange(proxy.port, `GET /sandbox/${NAME}/sockets/events/x HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
        assert.match(reply, /^HTTP\/1\.1 400 /);
        assert.strictEqual(standIns.agentServer.seen.length, 1);
    });

    it("refuses names not of the adapter's form with a JSON 404, over HTTP and WebSocket, asking no one", async () => {
        const targets = [
            "/", "/healthz", "/sandbox/", "/sandbox/kube-system/api", "/sandbox/oh-XYZ/", "/sandbox/../api", "/sandbox/..%2Fkube-system/",
            `/sandbox/${NAME}%2F..%2F${OTHER}/x`, `/sandbox/%2e%2e/sandbox/${NAME}/`, `/sandbox/${NAME}/../${OTHER}/`, `/sandbox/${NAME.toUpperCase()}/`,
            `/runtime/${standIns.agentServer.port}/`,
        ];
        for (const target of targets) {
            const reply = await get(target);
            assert.strictEqual(reply.status, 404, `${target}: ${reply.status}`);
            assert.match(reply.headers["content-type"] ?? "", /^application\/json/);
            assert.strictEqual(JSON.parse(reply.body).error, "not_found");
            await assert.rejects(connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: target }),
                (e: unknown) => e instanceof HandshakeRefused && e.status === 404, target);
        }
        const raw = await rawExchange(proxy.port, "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n");
        assert.match(raw, /^HTTP\/1\.1 404 /);
        assert.deepStrictEqual(resolver.asked, []);
        for (const s of all()) assert.deepStrictEqual(s.seen, [], `${s.name} was contacted`);
    });

    it("refuses a well-formed name the resolver does not know with 404, over HTTP and WebSocket", async () => {
        const reply = await get(`/sandbox/${OTHER}/api/x`);
        assert.strictEqual(reply.status, 404);
        await assert.rejects(connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: `/sandbox/${OTHER}/sockets/events/x` }),
            (e: unknown) => e instanceof HandshakeRefused && e.status === 404);
        assert.deepStrictEqual(resolver.asked, [OTHER, OTHER]);
        for (const s of all()) assert.deepStrictEqual(s.seen, []);
    });

    it("forwards nothing when the resolver cannot tell: 503 when the API is unreachable, 502 otherwise", async () => {
        resolver.failure = new KubeApiError(0, undefined, "connect ECONNREFUSED", "GET", "/apis/...");
        assert.strictEqual((await get(`/sandbox/${NAME}/`)).status, 503);
        await assert.rejects(connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: `/sandbox/${NAME}/sockets/events/x` }),
            (e: unknown) => e instanceof HandshakeRefused && e.status === 503);
        resolver.failure = new KubeApiError(403, "Forbidden", "forbidden", "GET", "/apis/...");
        assert.strictEqual((await get(`/sandbox/${NAME}/`)).status, 502);
        for (const s of all()) assert.deepStrictEqual(s.seen, []);
    });

    it("streams a large upload and a large download both ways, without waiting for either to finish", async () => {
        const MiB = 1024 * 1024;
        let firstUploadChunk!: () => void;
        const uploadStarted = new Promise<void>((resolve) => { firstUploadChunk = resolve; });
        let releaseDownload!: () => void;
        const downloadReleased = new Promise<void>((resolve) => { releaseDownload = resolve; });
        const streamer = await listen((req, res) => {
            if (req.url === "/upload") {
                let bytes = 0;
                req.on("data", (chunk: Buffer) => { bytes += chunk.length; firstUploadChunk(); });
                req.on("end", () => res.end(JSON.stringify({ bytes })));
                return;
            }
            res.writeHead(200, { "Content-Type": "application/octet-stream" });
            res.write(Buffer.alloc(64 * 1024, 1));
            void downloadReleased.then(async () => {
                for (let i = 0; i < 32; i++) {
                    if (!res.write(Buffer.alloc(MiB, 2))) await new Promise((r) => res.once("drain", r));
                }
                res.end();
            });
        });
        const streaming = await startProxy({ resolver, ports: { ...ports, agentServer: portOf(streamer) } }, 0, "127.0.0.1");
        try {
            // Upload: the sandbox sees the first chunk while the client has sent only that.
            const upload = new Promise<Reply>((resolve, reject) => {
                const req = http.request({ host: "127.0.0.1", port: streaming.port, method: "POST", path: `/sandbox/${NAME}/upload`, agent: false,
                    headers: { "Transfer-Encoding": "chunked" } }, (res) => {
                    let body = "";
                    res.setEncoding("utf8");
                    res.on("data", (d: string) => { body += d; });
                    res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
                });
                req.on("error", reject);
                req.write(Buffer.alloc(64 * 1024, 1));
                void within(uploadStarted, 5000, "the first chunk of the upload at the sandbox").then(async () => {
                    for (let i = 0; i < 32; i++) {
                        if (!req.write(Buffer.alloc(MiB, 3))) await new Promise((r) => req.once("drain", r));
                    }
                    req.end();
                }, (e: Error) => { req.destroy(); reject(e); });
            });
            const uploaded = await upload;
            assert.strictEqual(uploaded.status, 200);
            assert.strictEqual(JSON.parse(uploaded.body).bytes, 64 * 1024 + 32 * MiB);
            // Download: the client gets the first chunk before the sandbox writes the rest.
            const received = await new Promise<number>((resolve, reject) => {
                http.get({ host: "127.0.0.1", port: streaming.port, path: `/sandbox/${NAME}/download`, agent: false }, (res) => {
                    let bytes = 0;
                    res.on("data", (chunk: Buffer) => { bytes += chunk.length; releaseDownload(); });
                    res.on("end", () => resolve(bytes));
                    res.on("error", reject);
                }).on("error", reject);
            });
            assert.strictEqual(received, 64 * 1024 + 32 * MiB);
        } finally {
            await streaming.close(500);
            await close(streamer);
        }
    });

    it("answers 502 when the sandbox's port does not accept, over HTTP and WebSocket", async () => {
        const down = await startProxy({ resolver, ports: { ...ports, agentServer: await closedPort() } }, 0, "127.0.0.1");
        try {
            const reply = await request(down.port, `/sandbox/${NAME}/api/x`);
            assert.strictEqual(reply.status, 502);
            assert.strictEqual(JSON.parse(reply.body).error, "sandbox_unreachable");
            await assert.rejects(connectWebSocket({ host: "127.0.0.1", port: down.port, path: `/sandbox/${NAME}/sockets/events/x` }),
                (e: unknown) => e instanceof HandshakeRefused && e.status === 502);
        } finally {
            await down.close(500);
        }
    });

    it("logs one JSON line per request: method, status, sandbox, port, time; never the path, query or headers", async () => {
        echoOf(await get(`/sandbox/${NAME}/vscode?tkn=secret-token`, { "X-Session-API-Key": "session-key" }));
        await get("/sandbox/kube-system/x?tkn=secret-token");
        const ws = await connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: `/sandbox/${NAME}/sockets/events/x?tkn=secret-token` });
        ws.close();
        await within(ws.closed, 3000, "close");
        await new Promise((r) => setTimeout(r, 50));
        assert.strictEqual(lines.length, 3, lines.join("\n"));
        const [vscode, refused, tunnel] = lines.map((l) => JSON.parse(l));
        assert.deepStrictEqual(Object.keys(vscode).sort(), ["level", "method", "ms", "msg", "port", "sandbox", "status"]);
        assert.deepStrictEqual([vscode.method, vscode.status, vscode.sandbox, vscode.port], ["GET", 200, NAME, "vscode"]);
        assert.deepStrictEqual([refused.status, refused.sandbox], [404, undefined]);
        assert.deepStrictEqual([tunnel.status, tunnel.sandbox, tunnel.port, tunnel.upgrade], [101, NAME, "agentServer", true]);
        for (const line of lines) {
            for (const secret of ["secret-token", "session-key", "tkn", "/sockets", "kube-system"]) assert.ok(!line.includes(secret), `${secret} in ${line}`);
        }
    });

    it("contacts no sandbox for an HTTP client that left while its name was being looked up, and logs it as 499", async () => {
        const slow: SandboxResolver = { resolve: () => new Promise((resolve) => setTimeout(() => resolve({ host: "127.0.0.1" }), 200)) };
        const left: string[] = [];
        let connections = 0;
        const counting = net.createServer(() => { connections++; });
        await new Promise<void>((resolve) => counting.listen(0, "127.0.0.1", resolve));
        const behind = await startProxy({
            resolver: slow, ports: { ...ports, agentServer: (counting.address() as AddressInfo).port }, logger: { log: (_l, _m, f) => left.push(JSON.stringify(f)) },
        }, 0, "127.0.0.1");
        try {
            const socket = net.connect({ host: "127.0.0.1", port: behind.port }, () => socket.write(`GET /sandbox/${NAME}/api/x HTTP/1.1\r\nHost: h\r\n\r\n`));
            await new Promise((r) => setTimeout(r, 50));
            socket.destroy();
            await new Promise((r) => setTimeout(r, 400));
            assert.strictEqual(connections, 0, "no connection to the sandbox");
            assert.strictEqual(left.length, 1, left.join("\n"));
            assert.strictEqual(JSON.parse(left[0]).status, 499);
        } finally {
            await behind.close(500);
            counting.close();
        }
    });

    it("ends open WebSockets when it closes", async () => {
        const extra = await startProxy({ resolver, ports }, 0, "127.0.0.1");
        const ws = await connectWebSocket({ host: "127.0.0.1", port: extra.port, path: `/sandbox/${NAME}/sockets/events/x` });
        ws.sendText("ping");
        await ws.nextMessage();
        await within(extra.close(500), 3000, "close");
        await within(ws.closed, 3000, "the tunnel's end");
    });
});

describe("adapter: the proxy with the real resolver and the Kubernetes API", function () {
    this.timeout(20_000);
    let fake: FakeKube;
    let kube: KubeClient;
    let sandbox: StandIn;
    let now: number;
    let resolver: KubeSandboxResolver;
    let proxy: SandboxProxy;
    /** The hosts the real resolver answered, before the test maps them to the loopback. */
    const hosts: Array<string | undefined> = [];
    const gets = (name: string): number => fake.seen.filter((s) => s.method === "GET" && s.path.endsWith(`/sandboxes/${name}`)).length;
    const sandboxOf = (name: string) => buildSandbox({
        namespace: NS, name, request: parseStartRequest(appStartBody("0123456789abcdef0123456789abcdef")),
        sizing: { cpuRequest: "1", memoryRequest: "1Gi", cpuLimit: "", memoryLimit: "1Gi", storageSize: "1Gi", storageClassName: undefined,
            runtimeClassName: undefined, scratchSize: "1Gi" },
    });

    beforeEach(async () => {
        fake = new FakeKube("token");
        kube = new KubeClient({ server: await fake.start(), token: "token", timeoutMs: 3000 });
        sandbox = await StandIn.listen("agent-server");
        now = 1_000_000;
        hosts.length = 0;
        resolver = new KubeSandboxResolver({ kube, namespace: NS, now: () => now });
        const loopback: SandboxResolver = {
            resolve: async (name) => {
                const target = await resolver.resolve(name);
                hosts.push(target?.host);
                return target && { host: "127.0.0.1" };
            },
        };
        const ports: PortTable = { agentServer: sandbox.port, vscode: sandbox.port, worker1: sandbox.port, worker2: sandbox.port };
        proxy = await startProxy({ resolver: loopback, ports }, 0, "127.0.0.1");
    });
    afterEach(async () => {
        await proxy.close(500);
        await sandbox.close();
        kube.close();
        await fake.stop();
    });

    it("reaches a Sandbox with the adapter's labels at its headless Service's name", async () => {
        await kube.create(`/apis/agents.x-k8s.io/v1beta1/namespaces/${NS}/sandboxes`, sandboxOf(NAME));
        const reply = await request(proxy.port, `/sandbox/${NAME}/api/x`);
        assert.strictEqual(reply.status, 200, reply.body);
        assert.deepStrictEqual(hosts, [`${NAME}.${NS}.svc`]);
        assert.strictEqual(sandboxHost(NAME, NS), `${NAME}.${NS}.svc`);
    });

    it("refuses Sandboxes it did not make (no labels, another's labels), one being deleted, and one that is not there", async () => {
        const unlabelled = sandboxOf(NAME);
        unlabelled.metadata.labels = { app: "something-else" };
        unlabelled.spec.podTemplate.metadata = {};
        await kube.create(`/apis/agents.x-k8s.io/v1beta1/namespaces/${NS}/sandboxes`, unlabelled);
        const foreign = sandboxOf(OTHER);
        foreign.metadata.labels = { ...foreign.metadata.labels, "app.kubernetes.io/managed-by": "someone-else" };
        await kube.create(`/apis/agents.x-k8s.io/v1beta1/namespaces/${NS}/sandboxes`, foreign);
        const gone = sandboxName("gone");
        const deleting = sandboxName("being deleted");
        await kube.create(`/apis/agents.x-k8s.io/v1beta1/namespaces/${NS}/sandboxes`, sandboxOf(deleting));
        fake.holdForeground = true;
        await kube.delete(`/apis/agents.x-k8s.io/v1beta1/namespaces/${NS}/sandboxes/${deleting}`, "Foreground");
        for (const name of [NAME, OTHER, gone, deleting]) {
            assert.strictEqual((await request(proxy.port, `/sandbox/${name}/api/x`)).status, 404, name);
            await assert.rejects(connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: `/sandbox/${name}/sockets/events/x` }),
                (e: unknown) => e instanceof HandshakeRefused && e.status === 404, name);
        }
        assert.deepStrictEqual(sandbox.seen, []);
    });

    it("makes one Kubernetes call for a page load's many requests, and asks again once the answer is stale", async () => {
        await kube.create(`/apis/agents.x-k8s.io/v1beta1/namespaces/${NS}/sandboxes`, sandboxOf(NAME));
        const concurrent = await Promise.all(Array.from({ length: 20 }, (_, i) => request(proxy.port, `/sandbox/${NAME}/static/${i}.js`)));
        assert.deepStrictEqual(concurrent.map((r) => r.status), Array(20).fill(200));
        for (let i = 0; i < 10; i++) assert.strictEqual((await request(proxy.port, `/sandbox/${NAME}/api/${i}`)).status, 200);
        assert.strictEqual(gets(NAME), 1);
        now += 4_999;
        assert.strictEqual((await request(proxy.port, `/sandbox/${NAME}/api/x`)).status, 200);
        assert.strictEqual(gets(NAME), 1, "still fresh");
        now += 2;
        assert.strictEqual((await request(proxy.port, `/sandbox/${NAME}/api/x`)).status, 200);
        assert.strictEqual(gets(NAME), 2, "stale after 5 s");
        // An unknown name is remembered for 2 s.
        for (let i = 0; i < 5; i++) assert.strictEqual((await request(proxy.port, `/sandbox/${OTHER}/api/x`)).status, 404);
        assert.strictEqual(gets(OTHER), 1);
        now += 2_001;
        assert.strictEqual((await request(proxy.port, `/sandbox/${OTHER}/api/x`)).status, 404);
        assert.strictEqual(gets(OTHER), 2);
    });

    it("caches no failure, and keeps at most maxEntries names", async () => {
        fake.failNext({ method: "GET", pathPrefix: "/apis/", status: 500, reason: "InternalError", message: "etcd timed out" });
        assert.strictEqual((await request(proxy.port, `/sandbox/${NAME}/api/x`)).status, 502);
        await kube.create(`/apis/agents.x-k8s.io/v1beta1/namespaces/${NS}/sandboxes`, sandboxOf(NAME));
        assert.strictEqual((await request(proxy.port, `/sandbox/${NAME}/api/x`)).status, 200, "asked again at once");
        const small = new KubeSandboxResolver({ kube, namespace: NS, maxEntries: 2, now: () => now });
        const names = ["a", "b", "c"].map(sandboxName);
        for (const name of names) await small.resolve(name);
        for (const name of names.slice(1)) await small.resolve(name);
        assert.deepStrictEqual(names.map(gets), [1, 1, 1], "the two newest stayed cached");
        await small.resolve(names[0]);
        assert.strictEqual(gets(names[0]), 2, "the oldest was dropped");
        assert.strictEqual(await small.resolve("kube-system"), undefined);
        assert.strictEqual(gets("kube-system"), 0, "a name not of the adapter's form is not looked up");
    });

    it("answers 503 while the Kubernetes API is unreachable", async () => {
        await fake.stop();
        assert.strictEqual((await request(proxy.port, `/sandbox/${NAME}/api/x`)).status, 503);
        assert.deepStrictEqual(sandbox.seen, []);
    });
});
