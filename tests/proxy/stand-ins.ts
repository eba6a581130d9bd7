/**
 * Stand-ins for what sits behind the proxy: a sandbox (an agent-server's published port)
 * and the app. Each is a Node HTTP + WebSocket server on 127.0.0.1 that records every
 * request it gets, answers with what it saw, and echoes WebSocket text with its name.
 */
import * as http from "http";
import type * as net from "net";
import type { AddressInfo } from "net";
import { type WebSocketConnection, acceptUpgrade } from "../../scripts/proxy/websocket";

/** One request as the stand-in received it. */
export interface Seen {
    readonly method: string;
    /** The request target exactly as it arrived (path and query). */
    readonly url: string;
    readonly headers: http.IncomingHttpHeaders;
    /** The peer's address (the proxy's, when it came through the proxy). */
    readonly remoteAddress: string;
    readonly bodyBytes: number;
    readonly upgrade: boolean;
}

/** What a stand-in answers to a plain request: its name and what it saw, as JSON. */
export interface Echo extends Seen {
    readonly name: string;
    readonly port: number;
}

/** A recording HTTP + WebSocket server. */
export class StandIn {
    /** Every request received, in order (WebSocket handshakes included). */
    readonly seen: Seen[] = [];
    private readonly sockets = new Set<WebSocketConnection>();

    private constructor(readonly name: string, private readonly server: http.Server) {}

    /** The port it listens on. */
    get port(): number {
        return (this.server.address() as AddressInfo).port;
    }

    /**
     * Starts a stand-in on 127.0.0.1:`port` (0: the kernel picks one from its ephemeral range,
     * as Docker does for a sandbox's published port). Paths with a meaning:
     * `/redirect-relative` (307 to `/next?from=relative`), `/redirect-host` (307 to
     * `http://<Host>/next`), `/redirect-elsewhere` (302 to another site); anything else answers
     * 200 with {@link Echo}. A WebSocket on any path echoes `<name> <path> <text>`.
     */
    static listen(name: string, port = 0): Promise<StandIn> {
        const server = http.createServer();
        const standIn = new StandIn(name, server);
        server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => standIn.answer(req, res));
        server.on("upgrade", (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
            standIn.record(req, 0, true);
            const ws = acceptUpgrade(req, socket, head);
            if (!ws) return;
            standIn.sockets.add(ws);
            void ws.closed.then(() => standIn.sockets.delete(ws));
            ws.onText((text) => ws.sendText(`${name} ${req.url ?? ""} ${text}`));
        });
        return new Promise((resolve, reject) => {
            server.once("error", reject);
            server.listen(port, "127.0.0.1", () => resolve(standIn));
        });
    }

    /** Forgets what it has seen. */
    reset(): void {
        this.seen.length = 0;
    }

    /** Stops listening and ends every connection. */
    close(): Promise<void> {
        for (const ws of this.sockets) ws.socket.destroy();
        this.server.closeAllConnections();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }

    private record(req: http.IncomingMessage, bodyBytes: number, upgrade: boolean): Seen {
        const seen: Seen = {
            method: req.method ?? "", url: req.url ?? "", headers: req.headers,
            remoteAddress: req.socket.remoteAddress ?? "", bodyBytes, upgrade,
        };
        this.seen.push(seen);
        return seen;
    }

    private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
        let bodyBytes = 0;
        req.on("data", (chunk: Buffer) => { bodyBytes += chunk.length; });
        req.on("end", () => {
            const seen = this.record(req, bodyBytes, false);
            const pathOnly = (req.url ?? "").split("?")[0];
            if (pathOnly === "/redirect-relative") return redirect(res, 307, "/next?from=relative");
            if (pathOnly === "/redirect-host") return redirect(res, 307, `http://${req.headers.host ?? ""}/next`);
            if (pathOnly === "/redirect-elsewhere") return redirect(res, 302, "https://elsewhere.example/next");
            const echo: Echo = { ...seen, name: this.name, port: this.port };
            res.setHeader("Content-Type", "application/json");
            res.end(JSON.stringify(echo));
        });
    }
}

function redirect(res: http.ServerResponse, status: number, location: string): void {
    res.statusCode = status;
    res.setHeader("Location", location);
    res.end();
}

/** Starts a stand-in on a free port taken by `pick` (retrying if another process takes it first). */
export async function listenOnFree(name: string, pick: () => Promise<number>): Promise<StandIn> {
    for (let attempt = 0; ; attempt++) {
        try {
            return await StandIn.listen(name, await pick());
        } catch (e) {
            if (attempt >= 5 || (e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
        }
    }
}

/** A response read whole. */
export interface Reply {
    readonly status: number;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

/** Options of {@link request}. */
export interface RequestOptions {
    readonly method?: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly localAddress?: string;
    /** Bytes to send as the body. */
    readonly body?: Buffer;
}

/** One HTTP request to 127.0.0.1:`port` on its own connection; the target is sent exactly as given. */
export function request(port: number, target: string, o: RequestOptions = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
        const req = http.request({
            host: "127.0.0.1", port, path: target, method: o.method ?? "GET", headers: o.headers,
            localAddress: o.localAddress, agent: false,
        }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (d: string) => { body += d; });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on("error", reject);
        req.setTimeout(10000, () => req.destroy(new Error(`no answer to ${target} within 10 s`)));
        req.end(o.body);
    });
}
