/**
 * The adapter's HTTP server (node:http): reads bounded JSON bodies, answers `/healthz`
 * without a key, hands everything else to the runtime API, logs one JSON line per request
 * (method, path, status, duration: never a body, a header or a query), and stops
 * gracefully: no new connections, in-flight requests finish, then it closes.
 */
import * as http from "http";
import type { AddressInfo } from "net";
import type { Logger } from "./log";
import type { ApiResponse, RuntimeApi } from "./runtime-api";

/** Largest request body read, in bytes (the environment is capped at 512 KiB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The path of the health check (no key needed; it says only that the process answers). */
export const HEALTH_PATH = "/healthz";

class BodyError extends Error {
    constructor(public readonly status: number, message: string) {
        super(message);
    }
}

function readBody(req: http.IncomingMessage): Promise<unknown> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let failed = false;
        req.on("data", (chunk: Buffer) => {
            if (failed) return;
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                failed = true;
                reject(new BodyError(413, `body larger than ${MAX_BODY_BYTES} bytes`));
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () => {
            if (failed) return;
            const text = Buffer.concat(chunks).toString("utf8");
            if (text.trim() === "") {
                resolve(undefined);
                return;
            }
            try {
                resolve(JSON.parse(text));
            } catch {
                reject(new BodyError(400, "the body is not valid JSON"));
            }
        });
        req.on("error", (err) => reject(new BodyError(400, err.message)));
    });
}

function send(res: http.ServerResponse, response: ApiResponse, closing: boolean): void {
    const payload = Buffer.from(JSON.stringify(response.body ?? null), "utf8");
    res.writeHead(response.status, {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": String(payload.length),
        "Cache-Control": "no-store",
        // While shutting down, no connection is kept for another request.
        ...(closing ? { Connection: "close" } : {}),
    });
    res.end(payload);
}

/** A running server, and how to stop it. */
export interface AdapterServer {
    readonly server: http.Server;
    /** The port it listens on (useful when asked for port 0). */
    readonly port: number;
    /** Stops accepting, lets in-flight requests finish (at most `graceMs`), then closes every connection. */
    close(graceMs?: number): Promise<void>;
}

/** Starts the HTTP server for `api` on `host:port`. */
export function startServer(api: RuntimeApi, logger: Logger, port: number, host: string): Promise<AdapterServer> {
    let closing = false;
    const server = http.createServer((req, res) => {
        const started = process.hrtime.bigint();
        const url = new URL(req.url ?? "/", "http://adapter");
        const method = req.method ?? "GET";
        const done = (response: ApiResponse): void => {
            send(res, response, closing);
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            if (url.pathname !== HEALTH_PATH) {
                logger.log(response.status >= 500 ? "error" : "info", "request", { method, path: url.pathname, status: response.status, ms: Math.round(ms * 10) / 10 });
            }
        };
        if (url.pathname === HEALTH_PATH) {
            done({ status: 200, body: { status: "ok" } });
            return;
        }
        readBody(req)
            .then((body) => api.handle({ method, path: url.pathname, query: url.searchParams, apiKey: req.headers["x-api-key"], body }))
            .then(done, (err: unknown) => {
                if (err instanceof BodyError) done({ status: err.status, body: { error: "bad_request", message: err.message } });
                else done({ status: 500, body: { error: "internal", message: "internal error" } });
            });
    });
    // Bounded waits: a slow or stuck client cannot hold a socket for long.
    server.headersTimeout = 20_000;
    server.requestTimeout = 60_000;
    server.keepAliveTimeout = 65_000;
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
            server.off("error", reject);
            const address = server.address() as AddressInfo;
            resolve({
                server,
                port: address.port,
                close: (graceMs = 10_000) => new Promise<void>((done) => {
                    closing = true;
                    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
                    timer.unref();
                    server.close(() => {
                        clearTimeout(timer);
                        done();
                    });
                    server.closeIdleConnections();
                }),
            });
        });
    });
}
