/**
 * The browser's route to the sandboxes: a reverse proxy on its own listener
 * (`ADAPTER_PROXY_PORT`) that serves only `/sandbox/<name>/...` (proxy-route.ts says where
 * each path goes) and only for sandboxes the resolver vouches for (sandbox-resolver.ts).
 * Everything else is a JSON 404, and nothing is forwarded while the Kubernetes API cannot say
 * (503 or 502).
 *
 * HTTP bodies are streamed both ways through a keep-alive agent. Upgrades (WebSockets) are
 * tunnelled: a TCP connection to the sandbox's port, the request line and headers written on
 * it, then bytes piped both ways. One JSON log line per request or tunnel: method, status,
 * sandbox, port, duration; never a path, query (VS Code's `tkn` is a key), header or body.
 */
import * as http from "http";
import * as net from "net";
import type { AddressInfo } from "net";
import { type Logger, silentLogger } from "./log";
import { type PortTable, type ProxyRoute, requestHeaders, responseHeaders, routeOf } from "./proxy-route";
import { KubeApiError } from "./kube-client";
import { PORTS } from "./sandbox-objects";
import type { SandboxResolver, SandboxTarget } from "./sandbox-resolver";

/** What the proxy needs. */
export interface ProxyOptions {
    /** Which sandboxes may be reached, and where. */
    readonly resolver: SandboxResolver;
    readonly logger?: Logger;
    /** The port of each role on the sandbox's host (default: the pod's, sandbox-objects.ts's PORTS). */
    readonly ports?: PortTable;
    /** Longest wait for a TCP connection to a sandbox, in milliseconds (default 10 s). */
    readonly connectTimeoutMs?: number;
    /** Longest silence on a request, response or tunnel before it is closed (default an hour, for long agent runs). */
    readonly idleTimeoutMs?: number;
}

/** A running proxy, and how to stop it. */
export interface SandboxProxy {
    readonly server: http.Server;
    /** The port it listens on (useful when asked for port 0). */
    readonly port: number;
    /** Stops accepting, lets in-flight HTTP requests finish (at most `graceMs`), ends tunnels, then closes. */
    close(graceMs?: number): Promise<void>;
}

/** The default connect timeout: the same as nginx's in the app's pod. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** The default idle timeout: an hour, as for the app's pod's proxy. */
export const IDLE_TIMEOUT_MS = 3_600_000;

/** An answer the proxy gives itself. */
interface Refusal {
    readonly status: number;
    readonly code: string;
    readonly message: string;
}

const NOT_FOUND: Refusal = { status: 404, code: "not_found", message: "no such sandbox route" };

/** The refusal for a resolver that could not tell: the Kubernetes API unreachable or busy (503), or refusing (502). */
function doubt(err: unknown): Refusal {
    if (err instanceof KubeApiError && (err.status === 0 || err.status === 429)) {
        return { status: 503, code: "kubernetes_unreachable", message: "cannot check the sandbox now" };
    }
    return { status: 502, code: "kubernetes_error", message: "cannot check the sandbox" };
}

/** The JSON body of a refusal. */
function bodyOf(refusal: Refusal): Buffer {
    return Buffer.from(JSON.stringify({ error: refusal.code, message: refusal.message }), "utf8");
}

/** Answers a refusal on a normal response. */
function refuse(res: http.ServerResponse, refusal: Refusal): void {
    const body = bodyOf(refusal);
    res.writeHead(refusal.status, {
        "Content-Type": "application/json; charset=utf-8", "Content-Length": String(body.length), "Cache-Control": "no-store",
    });
    res.end(body);
}

/** Answers a refusal on a raw socket (an upgrade request), then closes it. */
function refuseRaw(socket: net.Socket, refusal: Refusal): void {
    if (socket.destroyed) return;
    const body = bodyOf(refusal);
    socket.end(`HTTP/1.1 ${refusal.status} ${http.STATUS_CODES[refusal.status] ?? ""}\r\n` +
        "Content-Type: application/json; charset=utf-8\r\n" +
        `Content-Length: ${body.length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body.toString("utf8")}`);
}

/** An upstream that did not connect in time. */
class ConnectTimeout extends Error {}

/** The refusal for a failed connection to a sandbox. */
function upstreamFailure(err: unknown): Refusal {
    return err instanceof ConnectTimeout
        ? { status: 504, code: "sandbox_timeout", message: "the sandbox did not answer in time" }
        : { status: 502, code: "sandbox_unreachable", message: "cannot reach the sandbox" };
}

/** Milliseconds since `started` (hrtime), to a tenth. */
function since(started: bigint): number {
    return Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
}

/** The request and header lines of an upgrade request, as the sandbox gets them. */
function requestHead(method: string, target: string, headers: Record<string, string | string[]>): string {
    const lines = [`${method} ${target} HTTP/1.1`];
    for (const [name, value] of Object.entries(headers)) {
        for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
    }
    return `${lines.join("\r\n")}\r\n\r\n`;
}

/** The proxy's request handling, apart from its listener. */
class Router {
    private readonly resolver: SandboxResolver;
    private readonly logger: Logger;
    private readonly ports: PortTable;
    private readonly connectTimeoutMs: number;
    readonly idleTimeoutMs: number;
    /** Keep-alive connections to the sandboxes; an idle one is closed after 30 s. */
    readonly agent: http.Agent;
    /** Open tunnels' sockets (both ends), ended when the proxy closes. */
    readonly tunnels = new Set<net.Socket>();

    constructor(options: ProxyOptions) {
        this.resolver = options.resolver;
        this.logger = options.logger ?? silentLogger;
        this.ports = options.ports ?? PORTS;
        this.connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
        this.idleTimeoutMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
        this.agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 30_000, maxFreeSockets: 64, timeout: 30_000, scheduling: "lifo" });
    }

    private log(method: string, status: number, route: ProxyRoute | undefined, started: bigint, upgrade: boolean): void {
        this.logger.log(status >= 500 ? "error" : "info", "proxy", {
            method, status, sandbox: route?.name, port: route?.kind, ms: since(started), ...(upgrade ? { upgrade: true } : {}),
        });
    }

    /** The route and target of a request, or the refusal to answer. */
    private async place(target: string | undefined): Promise<{ route: ProxyRoute; sandbox: SandboxTarget } | { route?: ProxyRoute; refusal: Refusal }> {
        const route = routeOf(target ?? "");
        if (!route) return { refusal: NOT_FOUND };
        try {
            const sandbox = await this.resolver.resolve(route.name);
            return sandbox ? { route, sandbox } : { route, refusal: NOT_FOUND };
        } catch (err) {
            return { route, refusal: doubt(err) };
        }
    }

    /** One plain HTTP request. */
    async request(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const started = process.hrtime.bigint();
        const method = req.method ?? "GET";
        // Logged when the exchange is over, however it ends (the route is known once placed).
        const known: { route?: ProxyRoute } = {};
        // 499 (nginx's figure): the client left before any answer.
        res.once("close", () => this.log(method, res.headersSent ? res.statusCode : 499, known.route, started, false));
        const placed = await this.place(req.url);
        known.route = placed.route;
        if (res.destroyed) return;
        if ("refusal" in placed) return refuse(res, placed.refusal);
        const { route, sandbox } = placed;
        const host = req.headers.host;
        const upstream = http.request({
            host: sandbox.host, port: this.ports[route.kind], method, path: route.target, agent: this.agent, timeout: this.idleTimeoutMs,
            headers: requestHeaders(req.rawHeaders, { remoteAddress: req.socket.remoteAddress ?? "", upgrade: false }),
        });
        let connectTimer: NodeJS.Timeout | undefined;
        upstream.on("socket", (socket: net.Socket) => {
            if (!socket.connecting) return;
            connectTimer = setTimeout(() => upstream.destroy(new ConnectTimeout()), this.connectTimeoutMs);
            socket.once("connect", () => clearTimeout(connectTimer));
        });
        upstream.on("timeout", () => upstream.destroy(new Error("idle timeout")));
        upstream.on("response", (answer: http.IncomingMessage) => {
            clearTimeout(connectTimer);
            res.writeHead(answer.statusCode ?? 502, answer.statusMessage, responseHeaders(answer.rawHeaders, route, host));
            answer.pipe(res);
            answer.on("aborted", () => res.destroy());
            answer.on("error", () => res.destroy());
        });
        upstream.on("error", (err) => {
            clearTimeout(connectTimer);
            if (!res.headersSent) refuse(res, upstreamFailure(err));
            else res.destroy();
        });
        // The client went away before the answer was complete: so does the upstream request.
        res.once("close", () => {
            if (!res.writableFinished) upstream.destroy();
        });
        req.on("error", () => upstream.destroy());
        req.pipe(upstream);
    }

    /** One upgrade request: refused on the raw socket, or tunnelled to the sandbox. */
    async upgrade(req: http.IncomingMessage, client: net.Socket, head: Buffer): Promise<void> {
        const started = process.hrtime.bigint();
        const method = req.method ?? "GET";
        client.on("error", () => client.destroy());
        const placed = await this.place(req.url);
        if (client.destroyed) return;
        if ("refusal" in placed) {
            refuseRaw(client, placed.refusal);
            this.log(method, placed.refusal.status, placed.route, started, true);
            return;
        }
        const { route, sandbox } = placed;
        const headers = requestHeaders(req.rawHeaders, { remoteAddress: req.socket.remoteAddress ?? "", upgrade: true });
        const upstream = net.connect({ host: sandbox.host, port: this.ports[route.kind] });
        this.track(client);
        this.track(upstream);
        let connected = false;
        const connectTimer = setTimeout(() => upstream.destroy(new ConnectTimeout()), this.connectTimeoutMs);
        upstream.on("error", (err) => {
            clearTimeout(connectTimer);
            if (connected) {
                client.destroy();
                return;
            }
            const refusal = upstreamFailure(err);
            refuseRaw(client, refusal);
            this.log(method, refusal.status, route, started, true);
        });
        upstream.once("close", () => clearTimeout(connectTimer));
        client.on("close", () => upstream.destroy());
        upstream.once("connect", () => {
            connected = true;
            clearTimeout(connectTimer);
            for (const socket of [client, upstream]) {
                socket.setNoDelay(true);
                socket.setTimeout(this.idleTimeoutMs, () => {
                    client.destroy();
                    upstream.destroy();
                });
            }
            upstream.write(requestHead(method, route.target, headers));
            this.relay(client, upstream, head, (status) => this.log(method, status, route, started, true));
        });
    }

    /**
     * Passes the sandbox's answer to the client and, once it has switched protocols (101),
     * everything both ways, starting with what the client sent after its request (`head`). If
     * it answered anything else, nothing more the client sends reaches it.
     */
    private relay(client: net.Socket, upstream: net.Socket, head: Buffer, answered: (status: number) => void): void {
        let seen = Buffer.alloc(0);
        const onData = (chunk: Buffer): void => {
            seen = Buffer.concat([seen, chunk]);
            const lineEnd = seen.indexOf("\r\n");
            if (lineEnd < 0 && seen.length < 8192) return;
            upstream.off("data", onData);
            upstream.pause();
            const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(seen.subarray(0, Math.max(lineEnd, 0)).toString("latin1"))?.[1] ?? 502);
            answered(status);
            client.write(seen);
            upstream.pipe(client);
            if (status === 101) {
                if (head.length > 0) upstream.write(head);
                client.pipe(upstream);
            } else {
                upstream.end();
            }
        };
        upstream.on("data", onData);
        upstream.on("end", () => {
            if (seen.length === 0) client.end();
        });
        upstream.on("close", () => client.end(() => client.destroy()));
        client.on("end", () => upstream.end());
    }

    private track(socket: net.Socket): void {
        this.tunnels.add(socket);
        socket.once("close", () => this.tunnels.delete(socket));
    }
}

/** Starts the browser's route on `host:port`. */
export function startProxy(options: ProxyOptions, port: number, host: string): Promise<SandboxProxy> {
    const proxy = new Router(options);
    let closing = false;
    const server = http.createServer((req, res) => {
        if (closing) res.shouldKeepAlive = false;
        void proxy.request(req, res).catch(() => res.destroy());
    });
    server.on("upgrade", (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
        void proxy.upgrade(req, socket, head).catch(() => socket.destroy());
    });
    server.on("connect", (_req: http.IncomingMessage, socket: net.Socket) => refuseRaw(socket, NOT_FOUND));
    // Headers must come quickly; a body (an upload) may take a while; a quiet connection lasts as long as a tunnel.
    server.headersTimeout = 20_000;
    server.requestTimeout = 15 * 60_000;
    server.keepAliveTimeout = 65_000;
    server.timeout = proxy.idleTimeoutMs;
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
            server.off("error", reject);
            resolve({
                server,
                port: (server.address() as AddressInfo).port,
                close: (graceMs = 10_000) => new Promise<void>((done) => {
                    closing = true;
                    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
                    timer.unref();
                    for (const socket of proxy.tunnels) socket.destroy();
                    server.close(() => {
                        clearTimeout(timer);
                        proxy.agent.destroy();
                        done();
                    });
                    server.closeIdleConnections();
                }),
            });
        });
    });
}
