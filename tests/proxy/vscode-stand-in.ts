/**
 * A stand-in for the openvscode-server in an agent-server sandbox (v1.98.2 in every pinned
 * agent-server image: openhands-agent-server/openhands/agent_server/docker/Dockerfile,
 * RELEASE_TAG, software-agent-sdk v1.27.0 to v1.34.0), doing only what decides where a browser's
 * requests go, as `src/vs/server/node/webClientServer.ts` does it (read in
 * gitpod-io/openvscode-server at 38bfaca68779, version 1.97.0; the behaviour came with
 * microsoft/vscode#237411): the agent-server starts it without `--server-base-path`
 * (OH_VSCODE_BASE_PATH is never set by the docker sandbox service), so its base path is empty
 * unless a proxy sends `X-Forwarded-Prefix`.
 *
 * - `/?tkn=<token>&...`: 302 to the same path without the token, setting the `vscode-tkn` cookie.
 * - `/`: the workbench page, whose static route and `serverBasePath` are
 *   `<X-Forwarded-Prefix, else the base path><product path>/static` and `<...>`, and whose
 *   `remoteAuthority` is the Host (or X-Forwarded-Host).
 * - `<product path>/static/...`: a script.
 * - a WebSocket on any path with `reconnectionToken`: the remote connection; echoes text.
 * Anything else: 404. It is a model for routing, not an editor.
 */
import * as http from "http";
import type * as net from "net";
import type { AddressInfo } from "net";
import { acceptUpgrade, type WebSocketConnection } from "../../scripts/proxy/websocket";

/** The product path a release build serves under (`/<quality>-<commit>`); any fixed value will do here. */
export const PRODUCT_PATH = "/stable-0000000000000000000000000000000000000000";

/** What the page tells the browser: where to load from and connect to. */
export interface WorkbenchConfig {
    readonly remoteAuthority: string;
    readonly serverBasePath: string;
    readonly staticRoute: string;
}

/** Reads the workbench configuration out of the page (the stand-in writes it as a JSON attribute). */
export function workbenchConfigOf(html: string): WorkbenchConfig {
    const match = /data-settings="([^"]*)"/.exec(html);
    if (!match) throw new Error(`no workbench configuration in: ${html.slice(0, 200)}`);
    return JSON.parse(match[1].replace(/&quot;/g, "\"")) as WorkbenchConfig;
}

/** The stand-in server. */
export class VsCodeStandIn {
    /** Request targets received, in order. */
    readonly seen: string[] = [];
    private readonly sockets = new Set<WebSocketConnection>();

    private constructor(private readonly server: http.Server, private readonly token: string) {}

    /** The port it listens on (one the kernel picks, as Docker's published ports are). */
    get port(): number {
        return (this.server.address() as AddressInfo).port;
    }

    /** Starts it on 127.0.0.1 with the connection token the agent-server gives it (the session API key). */
    static listen(token: string): Promise<VsCodeStandIn> {
        const server = http.createServer();
        const standIn = new VsCodeStandIn(server, token);
        server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => standIn.answer(req, res));
        server.on("upgrade", (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
            standIn.seen.push(req.url ?? "");
            const query = new URL(req.url ?? "/", "http://x").searchParams;
            if (!query.has("reconnectionToken")) { socket.destroy(); return; }
            const ws = acceptUpgrade(req, socket, head);
            if (!ws) return;
            standIn.sockets.add(ws);
            void ws.closed.then(() => standIn.sockets.delete(ws));
            ws.onText((text) => ws.sendText(`vscode ${text}`));
        });
        return new Promise((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, "127.0.0.1", () => resolve(standIn));
        });
    }

    /** Stops it. */
    close(): Promise<void> {
        for (const ws of this.sockets) ws.socket.destroy();
        this.server.closeAllConnections();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }

    private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
        this.seen.push(req.url ?? "");
        const url = new URL(req.url ?? "/", "http://x");
        const header = (name: string) => { const v = req.headers[name]; return Array.isArray(v) ? v[0] : v; };
        if (url.pathname === "/" && url.searchParams.has("tkn")) {
            const rest = new URLSearchParams(url.searchParams);
            rest.delete("tkn");
            res.writeHead(302, {
                "Set-Cookie": `vscode-tkn=${url.searchParams.get("tkn")}; Max-Age=604800; SameSite=Lax`,
                Location: `${url.pathname}${rest.size > 0 ? `?${rest.toString()}` : ""}`,
            });
            res.end();
            return;
        }
        const cookie = header("cookie") ?? "";
        if (!cookie.split(/;\s*/).includes(`vscode-tkn=${this.token}`)) {
            res.writeHead(403, { "Content-Type": "text/plain" });
            res.end("Forbidden.");
            return;
        }
        if (url.pathname === "/") {
            const basePath = header("x-forwarded-prefix") ?? "";
            const config: WorkbenchConfig = {
                remoteAuthority: header("x-original-host") ?? header("x-forwarded-host") ?? header("host") ?? "",
                serverBasePath: basePath,
                staticRoute: `${basePath}${PRODUCT_PATH}/static`,
            };
            const attribute = JSON.stringify(config).replace(/"/g, "&quot;");
            res.writeHead(200, { "Content-Type": "text/html" });
            res.end(`<html><head><meta id="vscode-workbench-web-configuration" data-settings="${attribute}">` +
                `<script src="${config.staticRoute}/out/vs/code/browser/workbench/workbench.js"></script></head></html>`);
            return;
        }
        if (url.pathname.startsWith(`${PRODUCT_PATH}/static/`)) {
            res.writeHead(200, { "Content-Type": "text/javascript" });
            res.end("/* workbench */");
            return;
        }
        res.writeHead(404, { "Content-Type": "text/plain" });
        res.end("Not found.");
    }
}
