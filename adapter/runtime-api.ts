/**
 * The runtime API OpenHands' app calls when it runs with `RUNTIME=remote`, on top of
 * kubernetes-sigs/agent-sandbox. Transport-free: server.ts turns HTTP requests into
 * calls of `RuntimeApi.handle` and writes back what it answers.
 *
 * Every request and response shape here is the one the app's client uses:
 * openhands/app_server/sandbox/remote_sandbox_service.py in CrazyForks/OpenHands (a
 * public mirror of OpenHands/OpenHands), read at tag 1.8.0 (commit bc26df351dd5) and at
 * 1.11.0's release commit 11ca68ab2e15. The calls are the same at both; what 1.11.0 adds
 * is how it reacts (a 404 from GET /sessions/{id} before /stop deletes its record; /list
 * decides which of the user's sandboxes count as running).
 *
 * | call | body / query | the app reads |
 * |---|---|---|
 * | POST /start | {image, command, working_dir, environment, session_id, resource_factor, run_as_user, run_as_group, fs_group[, runtime_class]} | runtime |
 * | GET /sessions/{id} | | runtime; 404 = gone |
 * | GET /sessions/batch | ids=..&ids=.. | array of runtimes, missing ones left out |
 * | GET /list | | {runtimes: [...]}, each counted as running |
 * | POST /pause, /resume, /stop | {runtime_id} | status code (404 tolerated); /resume: session_api_key |
 *
 * A runtime is `{session_id, runtime_id, url, session_api_key, status}`; the app indexes
 * `session_api_key` directly (it must be present, null allowed) and builds URLs only for
 * `running`.
 */
import { createHash, randomBytes, timingSafeEqual } from "crypto";
import type { AdapterConfig } from "./config";
import { type KubeClient, KubeApiError, isConflict, isNotFound, paths } from "./kube-client";
import type { Pod, Sandbox, Secret } from "./kube-types";
import { type Logger, silentLogger } from "./log";
import { RuntimeStatus, isActive, statusOf } from "./runtime-status";
import {
    ENV_KEYS, SANDBOX_SELECTOR, SESSION_ID_ANNOTATION, buildSandbox, buildSecret, decodeValue, encodeData, nameOfRuntimeId,
    ownerReferenceTo, runtimeId, sandboxName, sandboxUrl, secretName,
} from "./sandbox-objects";
import { BadRequest, checkSessionId, imageAllowed, parseStartRequest } from "./start-request";

/** What the app gets back for a sandbox. */
export interface Runtime {
    session_id: string;
    runtime_id: string;
    url: string;
    /** The key the app sends to the sandbox as X-Session-API-Key; null while paused or unknown. */
    session_api_key: string | null;
    status: RuntimeStatus;
}

/** An answer: an HTTP status and a JSON body. */
export interface ApiResponse {
    status: number;
    body: unknown;
}

/** A request as the API sees it. */
export interface ApiRequest {
    method: string;
    /** The path, without the query. */
    path: string;
    query: URLSearchParams;
    /** The X-API-Key header, as received. */
    apiKey: string | string[] | undefined;
    /** The parsed JSON body (undefined for none). */
    body: unknown;
}

/** An error answer with its HTTP status; its message is safe to show the app. */
export class HttpError extends Error {
    constructor(public readonly status: number, public readonly code: string, message: string) {
        super(message);
        this.name = "HttpError";
    }
}

/** What the API needs. */
export interface RuntimeApiOptions {
    readonly config: AdapterConfig;
    readonly kube: KubeClient;
    readonly logger?: Logger;
    /** Makes session and secret keys (tests may pin it). */
    readonly newKey?: () => string;
}

/** The server-side-apply field manager of the adapter. */
export const FIELD_MANAGER = "openhands-adapter";

/** A fresh random key: 32 bytes, base64url. */
export function randomKey(): string {
    return randomBytes(32).toString("base64url");
}

/** Compares an API key with the expected one in time independent of where they differ. */
export function keyMatches(given: string | string[] | undefined, expected: string): boolean {
    if (typeof given !== "string") return false;
    const a = createHash("sha256").update(given, "utf8").digest();
    const b = createHash("sha256").update(expected, "utf8").digest();
    return timingSafeEqual(a, b);
}

/** The HTTP answer of any error: Kubernetes' mapped to what the app can act on, ours as is, others hidden. */
export function errorResponse(err: unknown): ApiResponse {
    const http = toHttpError(err);
    return { status: http.status, body: { error: http.code, message: http.message } };
}

/** Maps an error to an HttpError. */
export function toHttpError(err: unknown): HttpError {
    if (err instanceof HttpError) return err;
    if (err instanceof BadRequest) return new HttpError(400, "bad_request", err.message);
    if (err instanceof KubeApiError) {
        const detail = `Kubernetes API: ${err.apiMessage}`;
        if (err.status === 0) return new HttpError(503, "kubernetes_unreachable", detail);
        if (err.status === 404) return new HttpError(404, "not_found", detail);
        if (err.status === 409) return new HttpError(409, "conflict", detail);
        if (err.status === 400 || err.status === 422) return new HttpError(422, "invalid", detail);
        if (err.status === 403 && /exceeded quota/i.test(err.apiMessage)) return new HttpError(429, "quota_exceeded", detail);
        // A quota the controller manager has not counted yet (just made, or a resource it has not discovered): retry later.
        if (err.status === 403 && /status unknown for quota/i.test(err.apiMessage)) return new HttpError(503, "quota_not_ready", detail);
        if (err.status === 401 || err.status === 403) return new HttpError(502, "adapter_forbidden", `the adapter's identity may not do this: ${detail}`);
        if (err.status === 429) return new HttpError(503, "kubernetes_busy", detail);
        return new HttpError(502, "kubernetes_error", detail);
    }
    return new HttpError(500, "internal", "internal error");
}

/** The runtime API. */
export class RuntimeApi {
    private readonly config: AdapterConfig;
    private readonly kube: KubeClient;
    private readonly logger: Logger;
    private readonly newKey: () => string;
    /** Changes run one at a time: a start's count of active sandboxes is then exact (one replica). */
    private queue: Promise<unknown> = Promise.resolve();

    constructor(options: RuntimeApiOptions) {
        this.config = options.config;
        this.kube = options.kube;
        this.logger = options.logger ?? silentLogger;
        this.newKey = options.newKey ?? randomKey;
    }

    /** Answers one request: checks the key, routes, maps errors. */
    async handle(req: ApiRequest): Promise<ApiResponse> {
        if (!keyMatches(req.apiKey, this.config.apiKey)) {
            return { status: 401, body: { error: "unauthorized", message: "missing or wrong X-API-Key" } };
        }
        try {
            return { status: 200, body: await this.route(req) };
        } catch (err) {
            const response = errorResponse(err);
            if (response.status >= 500) {
                this.logger.log("error", "request failed", { method: req.method, path: req.path, status: response.status, error: String((err as Error)?.message ?? err) });
            }
            return response;
        }
    }

    private route(req: ApiRequest): Promise<unknown> {
        const { method, path } = req;
        const allow = (expected: string): void => {
            if (method !== expected) throw new HttpError(405, "method_not_allowed", `${path} takes ${expected}`);
        };
        switch (path) {
            case "/start": allow("POST"); return this.start(req.body);
            case "/list": allow("GET"); return this.list();
            case "/sessions/batch": allow("GET"); return this.batch(req.query.getAll("ids"));
            case "/pause": allow("POST"); return this.pause(req.body);
            case "/resume": allow("POST"); return this.resume(req.body);
            case "/stop": allow("POST"); return this.stop(req.body);
        }
        const session = /^\/sessions\/([^/]+)$/.exec(path);
        if (session) {
            allow("GET");
            return this.get(decodeURIComponent(session[1]));
        }
        throw new HttpError(404, "not_found", `no route ${path}`);
    }

    /** Runs changes one after another. */
    private serial<T>(work: () => Promise<T>): Promise<T> {
        const next = this.queue.then(work, work);
        this.queue = next.catch(() => undefined);
        return next;
    }

    private sandboxPath(name?: string): string {
        return paths.sandboxes(this.config.namespace, name);
    }

    private secretPath(name?: string): string {
        return paths.secrets(this.config.namespace, name);
    }

    /** The adapter's Sandbox called `name` for `sessionId`, or undefined. */
    private async findSandbox(name: string, sessionId?: string): Promise<Sandbox | undefined> {
        try {
            const sandbox = await this.kube.get<Sandbox>(this.sandboxPath(name));
            if (sessionId !== undefined && sandbox.metadata.annotations?.[SESSION_ID_ANNOTATION] !== sessionId) return undefined;
            return sandbox;
        } catch (err) {
            if (isNotFound(err)) return undefined;
            throw err;
        }
    }

    private async findSecret(name: string): Promise<Secret | undefined> {
        try {
            return await this.kube.get<Secret>(this.secretPath(secretName(name)));
        } catch (err) {
            if (isNotFound(err)) return undefined;
            throw err;
        }
    }

    private async findPod(name: string): Promise<Pod | undefined> {
        try {
            return await this.kube.get<Pod>(paths.pods(this.config.namespace, name));
        } catch (err) {
            if (isNotFound(err)) return undefined;
            throw err;
        }
    }

    /** The runtime object of a Sandbox. */
    private runtimeOf(sandbox: Sandbox, secret: Secret | undefined, pod: Pod | undefined, key?: string): Runtime {
        const name = sandbox.metadata.name ?? "";
        const status = statusOf(sandbox, pod);
        const hidden = status === RuntimeStatus.paused || status === RuntimeStatus.stopped;
        return {
            session_id: sandbox.metadata.annotations?.[SESSION_ID_ANNOTATION] ?? "",
            runtime_id: runtimeId(name),
            url: sandboxUrl(this.config.publicBaseUrl, name),
            session_api_key: hidden ? null : (key ?? decodeValue(secret, ENV_KEYS.sessionApiKey) ?? null),
            status,
        };
    }

    /** The runtime of one sandbox, reading its Secret and (unless it is plainly running or paused) its pod. */
    private async describe(sandbox: Sandbox): Promise<Runtime> {
        const name = sandbox.metadata.name ?? "";
        const quick = statusOf(sandbox);
        const [secret, pod] = await Promise.all([
            this.findSecret(name),
            quick === RuntimeStatus.starting ? this.findPod(name) : Promise.resolve(undefined),
        ]);
        return this.runtimeOf(sandbox, secret, pod);
    }

    /** Every sandbox the adapter made, with its runtime (three list calls, whatever the count). */
    private async all(): Promise<Array<{ sandbox: Sandbox; runtime: Runtime }>> {
        const [sandboxes, secrets, pods] = await Promise.all([
            this.kube.list<Sandbox>(this.sandboxPath(), SANDBOX_SELECTOR),
            this.kube.list<Secret>(this.secretPath(), SANDBOX_SELECTOR),
            this.kube.list<Pod>(paths.pods(this.config.namespace), SANDBOX_SELECTOR),
        ]);
        const secretByName = new Map(secrets.items.map((s) => [s.metadata.name, s]));
        const podByName = new Map(pods.items.map((p) => [p.metadata.name, p]));
        return sandboxes.items
            .filter((s) => s.metadata.annotations?.[SESSION_ID_ANNOTATION])
            .map((sandbox) => {
                const name = sandbox.metadata.name ?? "";
                return { sandbox, runtime: this.runtimeOf(sandbox, secretByName.get(secretName(name)), podByName.get(name)) };
            });
    }

    /** POST /start: makes the sandbox, or returns the one this session already has. */
    async start(body: unknown): Promise<Runtime> {
        const request = parseStartRequest(body);
        if (!imageAllowed(request.image, this.config.allowedImages)) {
            throw new HttpError(400, "image_not_allowed", `image ${request.image} is not in the adapter's allowed images`);
        }
        const name = sandboxName(request.sessionId);
        return this.serial(async () => {
            const existing = await this.findSandbox(name);
            if (existing) {
                if (existing.metadata.annotations?.[SESSION_ID_ANNOTATION] !== request.sessionId) {
                    throw new HttpError(409, "conflict", `sandbox ${name} belongs to another session`);
                }
                if (existing.metadata.deletionTimestamp) throw new HttpError(409, "conflict", `sandbox ${name} is being stopped; start it again once it is gone`);
                return this.describe(existing);
            }
            const active = (await this.all()).filter((s) => isActive(s.runtime.status)).length;
            if (active >= this.config.maxSandboxes) {
                throw new HttpError(429, "too_many_sandboxes",
                    `${active} sandboxes are starting or running, the most this installation allows (${this.config.maxSandboxes}); pause or delete a conversation's sandbox first`);
            }
            if (request.runtimeClass) {
                this.logger.log("info", "ignoring the app's runtime_class; the adapter's setting applies", { runtime_class: request.runtimeClass, name });
            }
            const sessionApiKey = this.newKey();
            const secretInputs = {
                namespace: this.config.namespace, name, sessionId: request.sessionId, environment: request.environment,
                sessionApiKey, secretKey: this.newKey(), appInternalUrl: this.config.appInternalUrl,
            };
            // The Secret first, so the pod finds its environment when it starts; apply makes a
            // leftover of an interrupted start this session's again.
            await this.kube.apply<Secret>(this.secretPath(secretName(name)), buildSecret(secretInputs), FIELD_MANAGER);
            let created: Sandbox;
            try {
                created = await this.kube.create<Sandbox>(this.sandboxPath(), buildSandbox({
                    namespace: this.config.namespace, name, request, sizing: this.config.sandbox, userIds: this.config.sandboxUserIds,
                }));
            } catch (err) {
                if (isConflict(err)) {
                    const raced = await this.findSandbox(name, request.sessionId);
                    if (raced) return this.describe(raced);
                }
                await this.deleteQuietly(this.secretPath(secretName(name)));
                throw err;
            }
            // Now the Sandbox owns the Secret: deleting the Sandbox collects it.
            await this.kube.mergePatch(this.secretPath(secretName(name)), { metadata: { ownerReferences: [ownerReferenceTo(created)] } });
            this.logger.log("info", "sandbox started", { session_id: request.sessionId, name, image: request.image });
            return this.runtimeOf(created, undefined, undefined, sessionApiKey);
        });
    }

    /** GET /sessions/{id}: the runtime, or 404. */
    async get(sessionId: string): Promise<Runtime> {
        try {
            checkSessionId(sessionId);
        } catch {
            throw new HttpError(404, "not_found", "no such session");
        }
        const sandbox = await this.findSandbox(sandboxName(sessionId), sessionId);
        if (!sandbox) throw new HttpError(404, "not_found", `no sandbox for session ${sessionId}`);
        return this.describe(sandbox);
    }

    /** GET /sessions/batch?ids=..: the runtimes of the ids that have one, in the order asked. */
    async batch(ids: string[]): Promise<Runtime[]> {
        if (ids.length === 0) return [];
        if (ids.length > 1000) throw new HttpError(400, "bad_request", "at most 1000 ids per batch");
        const bySession = new Map((await this.all()).map((s) => [s.runtime.session_id, s.runtime]));
        const seen = new Set<string>();
        const found: Runtime[] = [];
        for (const id of ids) {
            const runtime = bySession.get(id);
            if (runtime && !seen.has(id)) {
                seen.add(id);
                found.push(runtime);
            }
        }
        return found;
    }

    /** GET /list: the sandboxes that are starting or running (the app counts each as running). */
    async list(): Promise<{ runtimes: Runtime[] }> {
        return { runtimes: (await this.all()).filter((s) => isActive(s.runtime.status)).map((s) => s.runtime) };
    }

    /** The Sandbox a pause/resume/stop body names, or 404. */
    private async target(body: unknown): Promise<Sandbox> {
        const id = typeof body === "object" && body !== null ? (body as { runtime_id?: unknown }).runtime_id : undefined;
        if (typeof id !== "string") throw new BadRequest("runtime_id must be a string");
        const name = nameOfRuntimeId(id);
        const sandbox = name === undefined ? undefined : await this.findSandbox(name);
        if (!sandbox || !sandbox.metadata.annotations?.[SESSION_ID_ANNOTATION]) throw new HttpError(404, "not_found", `no runtime ${id}`);
        return sandbox;
    }

    /** POST /pause: operatingMode Suspended; the controller deletes the pod and keeps the workspace claim. */
    async pause(body: unknown): Promise<Runtime> {
        return this.serial(async () => {
            const sandbox = await this.target(body);
            const name = sandbox.metadata.name ?? "";
            if (sandbox.metadata.deletionTimestamp) throw new HttpError(404, "not_found", `runtime ${runtimeId(name)} is being stopped`);
            const updated = sandbox.spec.operatingMode === "Suspended"
                ? sandbox
                : await this.kube.mergePatch<Sandbox>(this.sandboxPath(name), { spec: { operatingMode: "Suspended" } });
            this.logger.log("info", "sandbox paused", { name });
            return this.runtimeOf(updated, undefined, undefined);
        });
    }

    /**
     * POST /resume: a new session key in the Secret, then operatingMode Running; the new pod
     * reads the new key. A sandbox that is not paused keeps its key (its pod uses it).
     */
    async resume(body: unknown): Promise<Runtime> {
        return this.serial(async () => {
            const sandbox = await this.target(body);
            const name = sandbox.metadata.name ?? "";
            if (sandbox.metadata.deletionTimestamp) throw new HttpError(404, "not_found", `runtime ${runtimeId(name)} is being stopped`);
            if (sandbox.spec.operatingMode !== "Suspended") return this.describe(sandbox);
            const key = this.newKey();
            try {
                await this.kube.mergePatch(this.secretPath(secretName(name)), { data: encodeData({ [ENV_KEYS.sessionApiKey]: key }) });
            } catch (err) {
                if (isNotFound(err)) throw new HttpError(409, "conflict", `the environment Secret of ${name} is gone; stop the sandbox and start a new one`);
                throw err;
            }
            const updated = await this.kube.mergePatch<Sandbox>(this.sandboxPath(name), { spec: { operatingMode: "Running" } });
            this.logger.log("info", "sandbox resumed", { name });
            return this.runtimeOf(updated, undefined, undefined, key);
        });
    }

    /**
     * POST /stop: deletes the Sandbox in the foreground and its Secret at once. The garbage
     * collector takes the pod, Service and claim; the Sandbox stays, `stopped`, until they are
     * gone. Deleted in the background, the Sandbox went at once and a /start of the same
     * session made a new one while the old pod, Service and claim were still there: agent-sandbox
     * v1.0.3 refuses to use objects another Sandbox owns (`... is owned by Sandbox/<name> (UID:
     * ...), not by sandbox "<name>"`, controllers/sandbox_controller.go), so the new sandbox
     * reported `error` until the collector caught up (about 10 s in the e2e).
     */
    async stop(body: unknown): Promise<Runtime> {
        return this.serial(async () => {
            const sandbox = await this.target(body);
            const name = sandbox.metadata.name ?? "";
            await this.deleteQuietly(this.sandboxPath(name), "Foreground");
            await this.deleteQuietly(this.secretPath(secretName(name)));
            this.logger.log("info", "sandbox stopped", { name });
            return { ...this.runtimeOf(sandbox, undefined, undefined), session_api_key: null, status: RuntimeStatus.stopped };
        });
    }

    private async deleteQuietly(path: string, propagationPolicy?: "Background" | "Foreground"): Promise<void> {
        try {
            await this.kube.delete(path, propagationPolicy);
        } catch (err) {
            if (!isNotFound(err)) throw err;
        }
    }
}
