/**
 * The generated nginx.conf run by the real nginx binary (installed by
 * scripts/proxy/install-nginx.sh) on the loopback, in front of stand-in sandboxes on ports
 * the kernel hands out (as Docker's published ports are) and a stand-in app on a fixed port.
 *
 *   npm run test:proxy
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { EPHEMERAL_PORTS, type ProxyConfigOptions, inPortRange, nginxConfig } from "../../components/builders/proxy";
import { HandshakeRefused, connectWebSocket } from "../../scripts/proxy/websocket";
import { Nginx, freeHighPort, freeLowPort, nginxBinary, nginxVersion, pinnedNginxLine } from "../../scripts/proxy/nginx";
import { type Echo, StandIn, listenOnFree, request } from "./stand-ins";
import { runtimeConversationUrl, vscodeTabUrl } from "../support/frontend";
import { PRODUCT_PATH, VsCodeStandIn, workbenchConfigOf } from "./vscode-stand-in";
import { sandboxUrlPattern } from "../../components/builders/access";

/** The pod's setting: an hour (the "read timeouts of an hour"). */
const HOUR = 3600;

/** Prints nginx's logs under a failed test, so a failure says what nginx saw. */
function printLogsOnFailure(proxies: () => Array<Nginx | undefined>): void {
    afterEach(function () {
        if (this.currentTest?.state !== "failed") return;
        for (const proxy of proxies()) if (proxy) console.error(proxy.logs());
    });
}

describe("proxy: the real nginx in front of stand-in sandboxes and app", function () {
    let app: StandIn;
    let sandboxA: StandIn;
    let sandboxB: StandIn;
    /** Listening on ports that must never be reached through the proxy: below and above the range. */
    let below: StandIn;
    let above: StandIn;
    let proxy: Nginx;

    before(async function () {
        sandboxA = await StandIn.listen("sandbox-a");
        sandboxB = await StandIn.listen("sandbox-b");
        for (const s of [sandboxA, sandboxB]) {
            if (!inPortRange(s.port, EPHEMERAL_PORTS)) {
                const range = fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim();
                assert.fail(`the kernel gave port ${s.port}, outside ${EPHEMERAL_PORTS.min}-${EPHEMERAL_PORTS.max} (this machine's range: ${range})`);
            }
        }
        app = await listenOnFree("app", freeLowPort);
        below = await listenOnFree("below", freeLowPort);
        above = await listenOnFree("above", freeHighPort);
        proxy = await Nginx.start({ appPort: app.port, runtimePorts: EPHEMERAL_PORTS, readTimeoutSeconds: HOUR, listenPortCount: 2 });
    });
    after(async () => {
        await proxy?.stop();
        await Promise.all([app, sandboxA, sandboxB, below, above].map((s) => s?.close()));
    });
    beforeEach(() => { for (const s of [app, sandboxA, sandboxB, below, above]) s.reset(); });
    printLogsOnFailure(() => [proxy]);

    it("is nginx of the pinned release line; its workers run as nobody when started as root, else as the caller", () => {
        const line = pinnedNginxLine();
        assert.match(nginxVersion(), new RegExp(`^${line.replace(".", "\\.")}\\.\\d+$`), `${nginxBinary()} is not nginx ${line}.x`);
        const workers = proxy.workerPids();
        assert.ok(workers.length >= 1, "nginx has a worker");
        const expected = process.getuid!() === 0 ? 65534 : process.getuid!();
        for (const pid of workers) {
            const uid = Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
            assert.strictEqual(uid, expected, `worker ${pid} runs as uid ${uid}`);
        }
    });

    it("passes a GET under /runtime/<port>/ to that sandbox port, prefix stripped, query kept", async () => {
        const reply = await request(proxy.port, `/runtime/${sandboxA.port}/api/conversations/x?q=1&b=%2F`, { headers: { Host: "openhands.test:30080" } });
        assert.strictEqual(reply.status, 200, reply.body);
        const echo = JSON.parse(reply.body) as Echo;
        assert.strictEqual(echo.name, "sandbox-a");
        assert.strictEqual(echo.url, "/api/conversations/x?q=1&b=%2F");
        assert.strictEqual(echo.headers.host, "openhands.test:30080", "Host as the client sent it");
        assert.strictEqual(echo.headers["x-forwarded-for"], "127.0.0.1");
        assert.strictEqual(echo.headers["x-forwarded-proto"], "http");
        assert.deepStrictEqual([sandboxB.seen.length, app.seen.length], [0, 0], "nothing else was contacted");
        assert.strictEqual(reply.headers.server, "nginx", "no version in Server");
    });

    it("serves on every listen port, each sandbox port to its own sandbox", async () => {
        const reply = await request(proxy.ports[1], `/runtime/${sandboxB.port}/`);
        assert.strictEqual((JSON.parse(reply.body) as Echo).name, "sandbox-b");
        assert.strictEqual(sandboxA.seen.length, 0);
    });

    it("re-escapes what it decoded, and a dot segment cannot leave the sandbox's port", async () => {
        const reply = await request(proxy.port, `/runtime/${sandboxA.port}/files/a%20b/c%3Fd/../e?path=%2Fw%20x`);
        assert.strictEqual((JSON.parse(reply.body) as Echo).url, "/files/a%20b/e?path=%2Fw%20x");
        const up = await request(proxy.port, `/runtime/${sandboxA.port}/../${app.port}/api`);
        assert.strictEqual(up.status, 404, "normalised to the app's port: refused");
        assert.strictEqual(app.seen.length, 0);
    });

    it("passes a 20 MiB upload to a sandbox and refuses one over 100 MiB without contacting it", async () => {
        const body = Buffer.alloc(20 * 1024 * 1024, 0x2a);
        const reply = await request(proxy.port, `/runtime/${sandboxA.port}/api/file/upload`, { method: "POST", body });
        assert.strictEqual((JSON.parse(reply.body) as Echo).bodyBytes, body.length);
        sandboxA.reset();
        const tooBig = await request(proxy.port, `/runtime/${sandboxA.port}/api/file/upload`, {
            method: "POST", headers: { "Content-Length": String(100 * 1024 * 1024 + 1) },
        });
        assert.strictEqual(tooBig.status, 413);
        assert.strictEqual(sandboxA.seen.length, 0);
    });

    it("redirects /runtime/<port> to /runtime/<port>/ with a relative 308 that keeps the query", async () => {
        const reply = await request(proxy.port, `/runtime/${sandboxA.port}?tkn=abc&folder=/workspace`, { method: "POST" });
        assert.strictEqual(reply.status, 308);
        assert.strictEqual(reply.headers.location, `/runtime/${sandboxA.port}/?tkn=abc&folder=/workspace`);
        assert.strictEqual(sandboxA.seen.length, 0);
    });

    it("rewrites a sandbox's redirects to its own root into its prefix, and no others", async () => {
        const host = { Host: "openhands.test:30080" };
        const relative = await request(proxy.port, `/runtime/${sandboxA.port}/redirect-relative`, { headers: host });
        assert.deepStrictEqual([relative.status, relative.headers.location], [307, `/runtime/${sandboxA.port}/next?from=relative`]);
        const absolute = await request(proxy.port, `/runtime/${sandboxA.port}/redirect-host`, { headers: host });
        assert.deepStrictEqual([absolute.status, absolute.headers.location], [307, `/runtime/${sandboxA.port}/next`]);
        const elsewhere = await request(proxy.port, `/runtime/${sandboxA.port}/redirect-elsewhere`, { headers: host });
        assert.deepStrictEqual([elsewhere.status, elsewhere.headers.location], [302, "https://elsewhere.example/next"]);
    });

    it("carries a WebSocket to /runtime/<port>/sockets/events/<id>, prefix stripped, both ways", async () => {
        const a = await connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: `/runtime/${sandboxA.port}/sockets/events/x?resend_all=true` });
        const b = await connectWebSocket({ host: "127.0.0.1", port: proxy.ports[1], path: `/runtime/${sandboxB.port}/sockets/events/y` });
        try {
            a.sendText("hello");
            b.sendText("bonjour");
            const big = "z".repeat(70000);
            a.sendText(big);
            assert.strictEqual(await a.nextMessage(), "sandbox-a /sockets/events/x?resend_all=true hello");
            assert.strictEqual(await b.nextMessage(), "sandbox-b /sockets/events/y bonjour");
            assert.strictEqual(await a.nextMessage(), `sandbox-a /sockets/events/x?resend_all=true ${big}`);
            const handshake = sandboxA.seen.find((s) => s.upgrade)!;
            assert.strictEqual(handshake.headers["x-forwarded-for"], "127.0.0.1");
            assert.strictEqual(handshake.headers.upgrade, "websocket");
        } finally {
            a.close();
            b.close();
        }
    });

    it("serves the app's / and /api/... with the client's address, never a client's claim", async () => {
        const spoof = {
            Host: "openhands.test:30080",
            "X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9", Forwarded: "for=203.0.113.9", "X-Forwarded-Host": "evil.example",
        };
        for (const target of ["/", "/api/options/models?x=1"]) {
            const reply = await request(proxy.port, target, { localAddress: "127.0.0.2", headers: spoof });
            assert.strictEqual(reply.status, 200, reply.body);
            const echo = JSON.parse(reply.body) as Echo;
            assert.strictEqual(echo.name, "app");
            assert.strictEqual(echo.url, target);
            assert.strictEqual(echo.headers["x-forwarded-for"], "127.0.0.2", "the address the connection came from");
            assert.strictEqual(echo.headers["x-real-ip"], "127.0.0.2");
            assert.strictEqual(echo.headers.forwarded, undefined);
            assert.strictEqual(echo.headers["x-forwarded-host"], undefined);
            assert.strictEqual(echo.headers.host, "openhands.test:30080");
            assert.strictEqual(echo.remoteAddress, "127.0.0.1", "the app's peer is the proxy, which it trusts");
        }
        const plain = JSON.parse((await request(proxy.port, "/", { localAddress: "127.0.0.5" })).body) as Echo;
        assert.strictEqual(plain.headers["x-forwarded-for"], "127.0.0.5", "another client, another address");
    });

    it("passes X-Forwarded-Proto http or https from a router in front, else the connection's scheme", async () => {
        const proto = async (sent?: string) => {
            const reply = await request(proxy.port, "/", { headers: sent === undefined ? {} : { "X-Forwarded-Proto": sent } });
            return (JSON.parse(reply.body) as Echo).headers["x-forwarded-proto"];
        };
        assert.strictEqual(await proto(), "http");
        assert.strictEqual(await proto("https"), "https");
        assert.strictEqual(await proto("http"), "http");
        assert.strictEqual(await proto("javascript"), "http");
        assert.strictEqual(await proto("https, http"), "http");
    });

    it("carries the app's own WebSocket (socket.io on the same port) with the client's address", async () => {
        const ws = await connectWebSocket({
            host: "127.0.0.1", port: proxy.port, path: "/socket.io/?EIO=4&transport=websocket", localAddress: "127.0.0.2",
            headers: { "X-Forwarded-For": "203.0.113.9" },
        });
        try {
            ws.sendText("40");
            assert.strictEqual(await ws.nextMessage(), "app /socket.io/?EIO=4&transport=websocket 40");
            assert.strictEqual(app.seen.find((s) => s.upgrade)?.headers["x-forwarded-for"], "127.0.0.2");
        } finally {
            ws.close();
        }
    });

    it("refuses with 404 every /runtime/ path that is not a port of the range, contacting nothing", async () => {
        // The listeners are really there: directly, each answers.
        for (const s of [app, below, above]) assert.strictEqual((await request(s.port, "/direct")).status, 200);
        for (const s of [app, below, above]) s.reset();
        const digits = (n: number) => [...String(n)].map((d) => `%3${d}`).join("");
        const targets = [
            `/runtime/${app.port}/api/settings`, `/runtime/${below.port}/x`, `/runtime/${above.port}/x`,
            "/runtime/3000/", "/runtime/2375/containers/json", "/runtime/22/", "/runtime/28400/", "/runtime/32767/",
            "/runtime/61000/", "/runtime/65535/", "/runtime/99999/", "/runtime/abc/", "/runtime/", "/runtime",
            `/runtime/0${sandboxA.port}/x`, `/runtime/${sandboxA.port}abc/x`, `/runtime/${digits(below.port)}/x`,
            `/runtime/%2e%2e/runtime/${app.port}/x`, `/runtime/${sandboxA.port}/%2E%2E/../runtime/${below.port}/x`,
        ];
        for (const target of targets) {
            const reply = await request(proxy.port, target);
            assert.strictEqual(reply.status, 404, `${target} answered ${reply.status}`);
        }
        await assert.rejects(connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: `/runtime/${below.port}/sockets/events/x` }),
            (e: unknown) => e instanceof HandshakeRefused && e.status === 404);
        await assert.rejects(connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: `/runtime/${app.port}/socket.io/` }),
            (e: unknown) => e instanceof HandshakeRefused && e.status === 404);
        for (const s of [app, below, above, sandboxA, sandboxB]) {
            assert.deepStrictEqual(s.seen.map((x) => x.url), [], `${s.name} was contacted`);
        }
    });

    it("answers the UI's doubled-prefix metrics call as the sandbox answers the single prefix, for the same port only", async () => {
        const page = `http://openhands.test:${proxy.port}/`;
        const conversationUrl = `http://localhost:${proxy.port}/runtime/${sandboxA.port}/api/conversations/c0ffee`;
        const doubled = runtimeConversationUrl(page, conversationUrl);
        assert.strictEqual(doubled.pathname, `/runtime/${sandboxA.port}/runtime/${sandboxA.port}/api/conversations/c0ffee`,
            "the path the UI builds (1.8.0 to 1.11.0)");
        const headers = { Host: doubled.host, "X-Session-API-Key": "k" };
        const viaDoubled = await request(proxy.port, `${doubled.pathname}?x=1`, { headers });
        const viaSingle = await request(proxy.port, `/runtime/${sandboxA.port}/api/conversations/c0ffee?x=1`, { headers });
        assert.strictEqual(viaDoubled.status, 200, viaDoubled.body);
        const [a, b] = [viaDoubled, viaSingle].map((r) => JSON.parse(r.body) as Echo);
        assert.deepStrictEqual([a.name, a.url, a.headers["x-session-api-key"]], ["sandbox-a", "/api/conversations/c0ffee?x=1", "k"]);
        assert.deepStrictEqual({ ...a, remoteAddress: "", headers: { ...a.headers, "x-real-ip": "" } },
            { ...b, remoteAddress: "", headers: { ...b.headers, "x-real-ip": "" } }, "the sandbox sees the same request");
        for (const s of [sandboxA, sandboxB, app]) s.reset();
        for (const target of [`/runtime/${sandboxA.port}/runtime/${sandboxB.port}/api/conversations/c0ffee`,
            `/runtime/${sandboxA.port}/runtime/${app.port}/api/settings`, `/runtime/${app.port}/runtime/${app.port}/api/settings`]) {
            assert.strictEqual((await request(proxy.port, target)).status, 404, target);
        }
        for (const s of [sandboxA, sandboxB, app]) assert.deepStrictEqual(s.seen.map((x) => x.url), [], `${s.name} was contacted`);
    });

    it("tells a sandbox port its prefix in X-Forwarded-Prefix, whatever the client sent, and the app nothing", async () => {
        const spoof = { "X-Forwarded-Prefix": "/evil" };
        const sandbox = JSON.parse((await request(proxy.port, `/runtime/${sandboxA.port}/x`, { headers: spoof })).body) as Echo;
        assert.strictEqual(sandbox.headers["x-forwarded-prefix"], `/runtime/${sandboxA.port}`);
        const toApp = JSON.parse((await request(proxy.port, "/x", { headers: spoof })).body) as Echo;
        assert.strictEqual(toApp.headers["x-forwarded-prefix"], undefined);
    });

    it("keeps an idle WebSocket open past nginx's default 60 s read timeout (65 s idle, then an echo)", async function () {
        this.timeout(120000);
        const ws = await connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: `/runtime/${sandboxA.port}/sockets/events/idle` });
        try {
            ws.sendText("before");
            assert.strictEqual(await ws.nextMessage(), "sandbox-a /sockets/events/idle before");
            const started = Date.now();
            const outcome = await Promise.race([
                ws.closed.then((c) => `closed after ${Math.round((Date.now() - started) / 1000)} s (${c.reason})`),
                new Promise<string>((r) => setTimeout(() => r("open"), 65000)),
            ]);
            assert.strictEqual(outcome, "open");
            ws.sendText("after");
            assert.strictEqual(await ws.nextMessage(), "sandbox-a /sockets/events/idle after");
        } finally {
            ws.close();
        }
    });
});

describe("proxy: the real nginx, with other settings", function () {
    let app: StandIn;
    let sandbox: StandIn;
    let proxy: Nginx | undefined;
    before(async () => {
        app = await listenOnFree("app", freeLowPort);
        sandbox = await StandIn.listen("sandbox");
    });
    afterEach(async function () {
        if (this.currentTest?.state === "failed" && proxy) console.error(proxy.logs());
        await proxy?.stop();
        proxy = undefined;
    });
    after(() => Promise.all([app?.close(), sandbox?.close()]));

    it("closes an idle WebSocket at a short read timeout (what the hour-long one prevents)", async function () {
        this.timeout(30000);
        proxy = await Nginx.start({ appPort: app.port, runtimePorts: EPHEMERAL_PORTS, readTimeoutSeconds: 2 });
        const ws = await connectWebSocket({ host: "127.0.0.1", port: proxy.port, path: `/runtime/${sandbox.port}/sockets/events/idle` });
        ws.sendText("before");
        assert.strictEqual(await ws.nextMessage(), "sandbox /sockets/events/idle before");
        const started = Date.now();
        const outcome = await Promise.race([
            ws.closed.then(() => "closed"),
            new Promise<string>((r) => setTimeout(() => r("still open"), 6000)),
        ]);
        assert.strictEqual(outcome, "closed");
        const seconds = (Date.now() - started) / 1000;
        assert.ok(seconds >= 1.5 && seconds < 5, `closed after ${seconds} s`);
    });

    it("takes the client's address from X-Forwarded-For only when a trusted proxy sends it", async () => {
        proxy = await Nginx.start({ appPort: app.port, runtimePorts: EPHEMERAL_PORTS, readTimeoutSeconds: HOUR, trustedProxies: ["127.0.0.3"] });
        const seenFrom = async (localAddress: string, forwardedFor: string) => {
            const reply = await request(proxy!.port, "/", { localAddress, headers: { "X-Forwarded-For": forwardedFor } });
            const echo = JSON.parse(reply.body) as Echo;
            return [echo.headers["x-forwarded-for"], echo.headers["x-real-ip"]];
        };
        assert.deepStrictEqual(await seenFrom("127.0.0.3", "198.51.100.7"), ["198.51.100.7", "198.51.100.7"], "from the trusted router");
        assert.deepStrictEqual(await seenFrom("127.0.0.3", "203.0.113.9, 198.51.100.7"), ["198.51.100.7", "198.51.100.7"],
            "the router's own client, not what that client claimed");
        assert.deepStrictEqual(await seenFrom("127.0.0.2", "198.51.100.7"), ["127.0.0.2", "127.0.0.2"], "from anyone else: ignored");
    });

    it("serves another prefix and a narrower range, refusing ports outside it", async () => {
        proxy = await Nginx.start({
            appPort: app.port, runtimePorts: { min: sandbox.port, max: sandbox.port }, readTimeoutSeconds: HOUR, runtimePrefix: "/oh/sandbox.v1",
        });
        const inside = await request(proxy.port, `/oh/sandbox.v1/${sandbox.port}/alive?x=1`);
        assert.strictEqual((JSON.parse(inside.body) as Echo).url, "/alive?x=1");
        const next = sandbox.port === EPHEMERAL_PORTS.max ? sandbox.port - 1 : sandbox.port + 1;
        assert.strictEqual((await request(proxy.port, `/oh/sandbox.v1/${next}/alive`)).status, 404);
        const toApp = await request(proxy.port, `/runtime/${sandbox.port}/alive`);
        assert.strictEqual((JSON.parse(toApp.body) as Echo).name, "app", "the old prefix is just an app path now");
    });

    it("nginx -t accepts the configuration for every combination of options the builder takes", async () => {
        // nginx -t binds its listen ports too: free ones, below the range.
        const ports: number[] = [];
        while (ports.length < 3) {
            const p = await freeLowPort();
            if (!ports.includes(p)) ports.push(p);
        }
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openhands-proxy-t-"));
        try {
            const variants: Array<Partial<ProxyConfigOptions>> = [
                {}, { listenPorts: ports }, { trustedProxies: ["10.128.0.0/14", "fd00::/8", "192.168.0.9"] },
                { runtimePrefix: "/a/b.c_d~e-f" }, { runtimePorts: { min: 1024, max: 19999 }, appPort: 80 },
                { maxBodyMegabytes: 1 }, { readTimeoutSeconds: 86400 },
                { sandboxRoute: { upstream: "127.0.0.1:8081" } }, { sandboxRoute: { upstream: "localhost:65535" }, runtimePrefix: "/sandbox" },
            ];
            for (const variant of variants) {
                const file = path.join(dir, "nginx.conf");
                fs.writeFileSync(file, nginxConfig({
                    listenPorts: [ports[0]], appPort: 3000, runtimePorts: EPHEMERAL_PORTS, readTimeoutSeconds: HOUR,
                    listenAddress: "127.0.0.1", tempDir: dir, ...variant,
                }));
                // -t opens the logs too: /dev/stdout must be a file or pipe, not Node's socket.
                const stdout = fs.openSync(path.join(dir, "stdout.log"), "a");
                const run = spawnSync(nginxBinary(), ["-t", "-q", "-e", "stderr", "-c", file], { encoding: "utf8", stdio: ["ignore", stdout, "pipe"] });
                fs.closeSync(stdout);
                assert.strictEqual(run.status, 0, `${JSON.stringify(variant)}: ${run.stderr}`);
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

/** The cookie a response sets, with the path it applies to (RFC 6265's default path when none is given). */
function cookieOf(setCookie: string | string[] | undefined, requestPath: string): { pair: string; path: string } {
    const line = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    assert.ok(line, "a cookie is set");
    const explicit = /;\s*Path=([^;]*)/i.exec(line)?.[1];
    const directory = requestPath.slice(0, requestPath.lastIndexOf("/"));
    return { pair: line.split(";")[0], path: explicit ?? (directory === "" ? "/" : directory) };
}

describe("proxy: what a browser gets from the VS Code tab through the real nginx (docker mode)", function () {
    const TOKEN = "session-api-key";
    let app: StandIn;
    let vscode: VsCodeStandIn;
    let proxy: Nginx;
    let page: string;
    before(async () => {
        app = await listenOnFree("app", freeLowPort);
        vscode = await VsCodeStandIn.listen(TOKEN);
        proxy = await Nginx.start({ appPort: app.port, runtimePorts: EPHEMERAL_PORTS, readTimeoutSeconds: HOUR });
        page = `http://openhands.test:${proxy.port}/`;
    });
    after(async () => {
        await proxy?.stop();
        await Promise.all([app?.close(), vscode?.close()]);
    });
    printLogsOnFailure(() => [proxy]);

    /** The tab's URL: the app's exposed VSCODE URL (the pattern with the published port, then the token and folder). */
    function tab(): URL {
        const exposed = `${sandboxUrlPattern(proxy.port).replace("{port}", String(vscode.port))}/?tkn=${TOKEN}&folder=/workspace/project`;
        const { url, iframe } = vscodeTabUrl(page, exposed);
        assert.ok(iframe, "same scheme as the page: an iframe");
        return url;
    }

    it("loads the editor under /runtime/<port>/: its page, scripts and remote connection all reach the VS Code server", async () => {
        const url = tab();
        const headers = { Host: url.host };
        // 1. The token is exchanged for a cookie, the redirect staying under the prefix.
        const first = await request(proxy.port, `${url.pathname}${url.search}`, { headers });
        assert.strictEqual(first.status, 302);
        assert.strictEqual(first.headers.location, `/runtime/${vscode.port}/?folder=%2Fworkspace%2Fproject`);
        const cookie = cookieOf(first.headers["set-cookie"], url.pathname);
        assert.strictEqual(cookie.path, `/runtime/${vscode.port}`, "the cookie goes with every request under the prefix");
        // 2. The page names its paths under the prefix and the page's own host.
        const pageReply = await request(proxy.port, first.headers.location, { headers: { ...headers, Cookie: cookie.pair } });
        assert.strictEqual(pageReply.status, 200, pageReply.body);
        const config = workbenchConfigOf(pageReply.body);
        assert.deepStrictEqual(config, {
            remoteAuthority: url.host, serverBasePath: `/runtime/${vscode.port}`, staticRoute: `/runtime/${vscode.port}${PRODUCT_PATH}/static`,
        });
        // 3. Its scripts load from the VS Code server, not the app.
        const script = /<script src="([^"]+)"/.exec(pageReply.body)![1];
        assert.ok(script.startsWith(cookie.path + "/"), script);
        const scriptReply = await request(proxy.port, script, { headers: { ...headers, Cookie: cookie.pair } });
        assert.deepStrictEqual([scriptReply.status, scriptReply.body], [200, "/* workbench */"]);
        // 4. The remote connection (a WebSocket under serverBasePath) reaches it too.
        const ws = await connectWebSocket({
            host: "127.0.0.1", port: proxy.port, path: `${config.serverBasePath}/?reconnectionToken=r1&reconnection=false&skipWebSocketFrames=false`,
            headers: { ...headers, Cookie: cookie.pair },
        });
        try {
            ws.sendText("hello");
            assert.strictEqual(await ws.nextMessage(), "vscode hello");
        } finally {
            ws.close();
        }
        assert.deepStrictEqual(app.seen.map((x) => x.url), [], "nothing went to the app");
    });

    it("without the proxy's X-Forwarded-Prefix, the same page's paths leave the prefix and land on the app", async () => {
        // What the page says when nothing tells the server its prefix (as a direct request shows), and
        // where a browser on the proxy's port would then send its script requests.
        const direct = await request(vscode.port, "/", { headers: { Host: `openhands.test:${proxy.port}`, Cookie: `vscode-tkn=${TOKEN}` } });
        const config = workbenchConfigOf(direct.body);
        assert.strictEqual(config.serverBasePath, "");
        assert.ok(config.staticRoute.startsWith(PRODUCT_PATH), config.staticRoute);
        app.reset();
        const lost = await request(proxy.port, `${config.staticRoute}/out/vs/code/browser/workbench/workbench.js`,
            { headers: { Host: `openhands.test:${proxy.port}`, Cookie: `vscode-tkn=${TOKEN}` } });
        assert.strictEqual((JSON.parse(lost.body) as Echo).name, "app", "the app, which has no such file");
    });
});
