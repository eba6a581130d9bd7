/**
 * A minimal Kubernetes REST client on Node's `https`: JSON get, create, merge patch,
 * server-side apply, delete and list by label. Enough for the adapter's few calls, with
 * nothing to install (see README.md for why no client library).
 *
 * In the cluster it reads the service account's token (re-read every minute, since the
 * kubelet rotates bound tokens), its CA and KUBERNETES_SERVICE_HOST/PORT, the way
 * client-go's in-cluster config does. Tests and the e2e construct it from a URL, a token
 * and a CA instead. Plain `http:` is accepted for loopback addresses only, so a token is
 * never sent in clear over a network.
 */
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import type { KubeList } from "./kube-types";

/** Where the kubelet mounts the service account's credentials. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** An error answer of the Kubernetes API (or a failure to reach it: status 0). */
export class KubeApiError extends Error {
    /** HTTP status of the answer; 0 when no answer came. */
    public readonly status: number;
    /** The Status object's reason (`NotFound`, `AlreadyExists`, `Forbidden`, ...), when it had one. */
    public readonly reason: string | undefined;
    /** The API's own message. */
    public readonly apiMessage: string;

    constructor(status: number, reason: string | undefined, apiMessage: string, method: string, path: string) {
        super(`${method} ${path}: ${status === 0 ? "no answer" : status} ${reason ?? ""}: ${apiMessage}`.replace(/ +:/, ":"));
        this.name = "KubeApiError";
        this.status = status;
        this.reason = reason;
        this.apiMessage = apiMessage;
    }
}

/** How to reach an API server. */
export interface KubeClientOptions {
    /** `https://host:port` (or `http://127.0.0.1:port` for tests). */
    readonly server: string;
    /** A bearer token, or a function returning the current one. */
    readonly token: string | (() => string);
    /** PEM of the CA that signed the server's certificate; undefined trusts Node's default CAs. */
    readonly ca?: string | Buffer;
    /** Time limit of one request, in milliseconds (default 15 s). */
    readonly timeoutMs?: number;
}

/** Paths of the adapter's resources in namespace `ns`. */
export const paths = {
    sandboxes: (ns: string, name?: string): string =>
        `/apis/agents.x-k8s.io/v1beta1/namespaces/${encodeURIComponent(ns)}/sandboxes${name ? `/${encodeURIComponent(name)}` : ""}`,
    secrets: (ns: string, name?: string): string =>
        `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets${name ? `/${encodeURIComponent(name)}` : ""}`,
    pods: (ns: string, name?: string): string =>
        `/api/v1/namespaces/${encodeURIComponent(ns)}/pods${name ? `/${encodeURIComponent(name)}` : ""}`,
    persistentVolumeClaims: (ns: string, name?: string): string =>
        `/api/v1/namespaces/${encodeURIComponent(ns)}/persistentvolumeclaims${name ? `/${encodeURIComponent(name)}` : ""}`,
} as const;

/** Largest answer body read, in bytes (a list of every sandbox's Secret stays far below). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** How long a token read from a file is used before reading it again. */
const TOKEN_TTL_MS = 60_000;

const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** A token read from a file, cached for a minute. */
export function fileToken(file: string, now: () => number = Date.now): () => string {
    let cached = "";
    let readAt = -Infinity;
    return () => {
        if (now() - readAt >= TOKEN_TTL_MS || cached === "") {
            cached = fs.readFileSync(file, "utf8").trim();
            readAt = now();
        }
        return cached;
    };
}

/** The JSON REST client. */
export class KubeClient {
    private readonly url: URL;
    private readonly token: () => string;
    private readonly agent: http.Agent;
    private readonly timeoutMs: number;

    constructor(options: KubeClientOptions) {
        this.url = new URL(options.server);
        if (this.url.protocol === "http:") {
            if (!LOOPBACK.has(this.url.hostname)) throw new Error(`refusing plain http to ${this.url.hostname}: only loopback addresses may be reached without TLS`);
            this.agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
        } else if (this.url.protocol === "https:") {
            this.agent = new https.Agent({ keepAlive: true, maxSockets: 16, ...(options.ca ? { ca: options.ca } : {}) });
        } else {
            throw new Error(`unsupported API server scheme ${this.url.protocol}`);
        }
        const token = options.token;
        this.token = typeof token === "string" ? () => token : token;
        this.timeoutMs = options.timeoutMs ?? 15_000;
    }

    /** The client of a pod's own service account (the kubelet's mounted token and CA, the service's env). */
    static inCluster(env: Readonly<Record<string, string | undefined>> = process.env, dir: string = SERVICE_ACCOUNT_DIR): KubeClient {
        const host = env.KUBERNETES_SERVICE_HOST;
        const port = env.KUBERNETES_SERVICE_PORT;
        if (!host || !port) throw new Error("KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are unset: not running in a pod");
        const hostPart = host.includes(":") ? `[${host}]` : host;
        return new KubeClient({
            server: `https://${hostPart}:${port}`,
            token: fileToken(`${dir}/token`),
            ca: fs.readFileSync(`${dir}/ca.crt`),
        });
    }

    /** Closes idle keep-alive connections (for shutdown and tests). */
    close(): void {
        this.agent.destroy();
    }

    /** GET an object. */
    get<T>(path: string): Promise<T> {
        return this.request<T>("GET", path);
    }

    /** GET the objects at a collection path whose labels match `labelSelector`. */
    list<T>(path: string, labelSelector: string): Promise<KubeList<T>> {
        return this.request<KubeList<T>>("GET", `${path}?labelSelector=${encodeURIComponent(labelSelector)}`);
    }

    /** POST a new object to its collection path. */
    create<T>(path: string, body: unknown): Promise<T> {
        return this.request<T>("POST", path, body, "application/json");
    }

    /** JSON merge patch (RFC 7386) of an object. */
    mergePatch<T>(path: string, patch: unknown): Promise<T> {
        return this.request<T>("PATCH", path, patch, "application/merge-patch+json");
    }

    /** Server-side apply of a whole object (create or update), as `fieldManager`, taking over conflicting fields. */
    apply<T>(path: string, body: unknown, fieldManager: string): Promise<T> {
        const query = `?fieldManager=${encodeURIComponent(fieldManager)}&force=true`;
        return this.request<T>("PATCH", path + query, body, "application/apply-patch+yaml");
    }

    /**
     * DELETE an object. With `Background` (the default) it goes at once and the garbage
     * collector removes its dependents afterwards; with `Foreground` it stays, marked as being
     * deleted, until the collector has removed every dependent that blocks its deletion.
     */
    async delete(path: string, propagationPolicy: "Background" | "Foreground" = "Background"): Promise<void> {
        await this.request<unknown>("DELETE", path, { kind: "DeleteOptions", apiVersion: "v1", propagationPolicy }, "application/json");
    }

    /** One request; resolves with the parsed JSON answer, rejects with a KubeApiError. */
    request<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), "utf8");
        const headers: Record<string, string> = {
            Accept: "application/json",
            Authorization: `Bearer ${this.token()}`,
            "User-Agent": "openhands-adapter",
        };
        if (payload) {
            headers["Content-Type"] = contentType ?? "application/json";
            headers["Content-Length"] = String(payload.length);
        }
        const transport = this.url.protocol === "https:" ? https : http;
        return new Promise<T>((resolve, reject) => {
            const req = transport.request({
                protocol: this.url.protocol,
                hostname: this.url.hostname.replace(/^\[|\]$/g, ""),
                port: this.url.port || (this.url.protocol === "https:" ? 443 : 80),
                method,
                path,
                headers,
                agent: this.agent,
                timeout: this.timeoutMs,
            }, (res) => {
                const chunks: Buffer[] = [];
                let size = 0;
                res.on("data", (chunk: Buffer) => {
                    size += chunk.length;
                    if (size > MAX_RESPONSE_BYTES) {
                        req.destroy(new Error(`answer larger than ${MAX_RESPONSE_BYTES} bytes`));
                        return;
                    }
                    chunks.push(chunk);
                });
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    const status = res.statusCode ?? 0;
                    let parsed: unknown;
                    try {
                        parsed = text === "" ? undefined : JSON.parse(text);
                    } catch {
                        parsed = undefined;
                    }
                    if (status >= 200 && status < 300) {
                        resolve(parsed as T);
                        return;
                    }
                    const statusObject = (parsed ?? {}) as { reason?: unknown; message?: unknown };
                    const reason = typeof statusObject.reason === "string" ? statusObject.reason : undefined;
                    const message = typeof statusObject.message === "string" ? statusObject.message : text.slice(0, 500) || (res.statusMessage ?? "");
                    reject(new KubeApiError(status, reason, message, method, path.split("?")[0]));
                });
                res.on("error", (err) => reject(new KubeApiError(0, undefined, err.message, method, path.split("?")[0])));
            });
            req.on("timeout", () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
            req.on("error", (err) => reject(new KubeApiError(0, undefined, err.message, method, path.split("?")[0])));
            if (payload) req.write(payload);
            req.end();
        });
    }
}

/** Whether an error is the API's 404. */
export function isNotFound(err: unknown): boolean {
    return err instanceof KubeApiError && err.status === 404;
}

/** Whether an error is the API's 409 (AlreadyExists or a conflict). */
export function isConflict(err: unknown): boolean {
    return err instanceof KubeApiError && err.status === 409;
}
