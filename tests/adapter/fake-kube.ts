/**
 * An in-memory stand-in for the Kubernetes API, served over HTTP on 127.0.0.1 so the
 * adapter's real client (adapter/kube-client.ts) talks to it. It knows the few paths the
 * adapter uses (Sandboxes, Secrets, pods, claims, Services in one namespace), answers
 * errors as Status objects the way the API server does, and plays two other parts of a
 * cluster in the simplest form that keeps the adapter honest:
 *  - agent-sandbox's controller (after every change): a Running Sandbox gets a pod named
 *    like it, a claim per volume claim template `<t>-<name>` and a Service when
 *    `service: true`, all owned by it; a Suspended one loses its pod and keeps its claims;
 *    the Ready condition follows (reasons as in api/v1beta1/sandbox_types.go, v1.0.3);
 *  - the garbage collector: deleting an object deletes, at once, everything whose owner
 *    reference names its uid. With `holdForeground`, a foreground deletion instead marks the
 *    object (deletionTimestamp, finalizer `foregroundDeletion`) and keeps it and its
 *    dependents until finishDeletions(): the window in which a real collector is still at work.
 * Server-side apply is approximated as create-or-merge with a single field manager.
 */
import * as http from "http";
import * as https from "https";
import type { AddressInfo } from "net";

type Obj = Record<string, any>;

/** One request the fake saw. */
export interface SeenRequest {
    method: string;
    path: string;
    contentType: string | undefined;
    /** The parsed JSON body, when there was one. */
    body?: unknown;
}

/** An error the fake will answer to the next matching request. */
export interface Failure {
    method: string;
    /** Matches when the request's path (without query) starts with it. */
    pathPrefix: string;
    status: number;
    reason: string;
    message: string;
}

const GROUP_PATH = /^\/apis\/agents\.x-k8s\.io\/v1beta1\/namespaces\/([^/]+)\/(sandboxes)(?:\/([^/]+))?$/;
const CORE_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/(secrets|pods|persistentvolumeclaims|services)(?:\/([^/]+))?$/;
const MAX_BODY = 4 * 1024 * 1024;

function status(code: number, reason: string, message: string): Obj {
    return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code };
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
    if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
    const result: Obj = typeof target === "object" && target !== null && !Array.isArray(target) ? { ...(target as Obj) } : {};
    for (const [key, value] of Object.entries(patch as Obj)) {
        if (value === null) delete result[key];
        else result[key] = mergePatch(result[key], value);
    }
    return result;
}

function matchesSelector(obj: Obj, selector: string | null): boolean {
    if (!selector) return true;
    const labels: Obj = obj.metadata?.labels ?? {};
    return selector.split(",").every((term) => {
        const [key, value] = term.split("=");
        return labels[key] === value;
    });
}

/** The fake API server. */
export class FakeKube {
    /** Objects by `<resource>/<namespace>/<name>`. */
    readonly objects = new Map<string, Obj>();
    /** Every request, in order. */
    readonly seen: SeenRequest[] = [];
    /** Failures still to be answered. */
    readonly failures: Failure[] = [];
    /** Whether foreground deletions wait for finishDeletions() (see the header). */
    holdForeground = false;
    private server: http.Server | undefined;
    private uid = 0;
    private version = 0;

    constructor(readonly token: string) {}

    /** Starts listening on a free loopback port, over TLS when given a key and certificate; returns the base URL. */
    async start(tls?: { key: string; cert: string }): Promise<string> {
        const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => this.serve(req, res);
        this.server = tls ? https.createServer(tls, handler) : http.createServer(handler);
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        return `${tls ? "https" : "http"}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    /** Stops it. */
    async stop(): Promise<void> {
        if (!this.server) return;
        this.server.closeAllConnections();
        await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    }

    /** Answers the next request matching `failure` with it. */
    failNext(failure: Failure): void {
        this.failures.push(failure);
    }

    /** The stored object, or undefined. */
    get(resource: string, namespace: string, name: string): Obj | undefined {
        return this.objects.get(`${resource}/${namespace}/${name}`);
    }

    /** Names of the stored objects of a resource. */
    names(resource: string, namespace: string): string[] {
        const prefix = `${resource}/${namespace}/`;
        return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)).sort();
    }

    /** The garbage collector finishes: every object marked for foreground deletion goes, with its dependents. */
    finishDeletions(): void {
        for (const [key, obj] of [...this.objects]) {
            if (obj.metadata.deletionTimestamp) {
                const [r, ns, n] = key.split("/");
                this.remove(r, ns, n);
            }
        }
        this.reconcile();
    }

    /** The pod of a sandbox becomes Running and Ready with an IP (what a kubelet would do). */
    makePodReady(namespace: string, name: string): void {
        const pod = this.get("pods", namespace, name);
        if (!pod) throw new Error(`no pod ${name}`);
        pod.status = {
            phase: "Running",
            podIPs: [{ ip: "10.0.0.7" }],
            conditions: [{ type: "Ready", status: "True" }],
            containerStatuses: [{ name: "agent-server", ready: true, state: { running: {} } }],
        };
        this.reconcile();
    }

    /** The pod's container waits for `reason` (say, ImagePullBackOff). */
    makePodWait(namespace: string, name: string, reason: string): void {
        const pod = this.get("pods", namespace, name);
        if (!pod) throw new Error(`no pod ${name}`);
        pod.status = { phase: "Pending", containerStatuses: [{ name: "agent-server", ready: false, state: { waiting: { reason } } }] };
        this.reconcile();
    }

    private put(resource: string, namespace: string, obj: Obj): Obj {
        obj.metadata.resourceVersion = String(++this.version);
        this.objects.set(`${resource}/${namespace}/${obj.metadata.name}`, obj);
        return obj;
    }

    private newObject(resource: string, namespace: string, body: Obj): Obj {
        const obj: Obj = structuredClone(body);
        obj.metadata = { ...obj.metadata, namespace, uid: `uid-${++this.uid}`, generation: 1, creationTimestamp: new Date(0).toISOString() };
        if (resource === "sandboxes") {
            obj.spec.operatingMode ??= "Running";
            obj.status = {};
        }
        return this.put(resource, namespace, obj);
    }

    private owned(owner: Obj, kind: string, name: string, namespace: string, extra: Obj): Obj {
        return this.newObject(kind, namespace, {
            apiVersion: "v1",
            metadata: {
                name,
                labels: { ...(extra.labels ?? {}) },
                ownerReferences: [{ apiVersion: "agents.x-k8s.io/v1beta1", kind: "Sandbox", name: owner.metadata.name, uid: owner.metadata.uid, controller: true }],
            },
            ...extra.body,
        });
    }

    /** What agent-sandbox's controller would do for every Sandbox. */
    reconcile(): void {
        for (const key of [...this.objects.keys()].filter((k) => k.startsWith("sandboxes/"))) {
            const sandbox = this.objects.get(key)!;
            // The controller leaves a Sandbox that is being deleted to the garbage collector.
            if (sandbox.metadata.deletionTimestamp) continue;
            const ns = sandbox.metadata.namespace;
            const name = sandbox.metadata.name;
            for (const t of sandbox.spec.volumeClaimTemplates ?? []) {
                const claim = `${t.metadata.name}-${name}`;
                if (!this.get("persistentvolumeclaims", ns, claim)) {
                    this.owned(sandbox, "persistentvolumeclaims", claim, ns, { labels: t.metadata.labels, body: { spec: t.spec } });
                }
            }
            if (sandbox.spec.service === true && !this.get("services", ns, name)) {
                this.owned(sandbox, "services", name, ns, { body: { spec: { clusterIP: "None" } } });
            }
            let pod = this.get("pods", ns, name);
            const suspended = sandbox.spec.operatingMode === "Suspended";
            if (suspended && pod) {
                this.remove("pods", ns, name);
                pod = undefined;
            }
            if (!suspended && !pod) {
                const volumes = [...(sandbox.spec.podTemplate.spec.volumes ?? []),
                    ...(sandbox.spec.volumeClaimTemplates ?? []).map((t: Obj) => ({ name: t.metadata.name, persistentVolumeClaim: { claimName: `${t.metadata.name}-${name}` } }))];
                pod = this.owned(sandbox, "pods", name, ns, {
                    labels: sandbox.spec.podTemplate.metadata?.labels,
                    body: { spec: { ...sandbox.spec.podTemplate.spec, volumes }, status: { phase: "Pending" } },
                });
            }
            const podReady = pod?.status?.phase === "Running" && pod.status.conditions?.some((c: Obj) => c.type === "Ready" && c.status === "True");
            const ready = suspended
                ? { status: "False", reason: "SandboxSuspended" }
                : pod?.status?.phase === "Failed" ? { status: "False", reason: "PodFailed" }
                    : podReady ? { status: "True", reason: "DependenciesReady" } : { status: "False", reason: "DependenciesNotReady" };
            sandbox.status = {
                ...sandbox.status,
                conditions: [{ type: "Ready", ...ready, observedGeneration: sandbox.metadata.generation }],
                ...(sandbox.spec.service ? { service: name } : {}),
            };
        }
    }

    /** Deletes an object and, as the garbage collector would, everything it owns. */
    private remove(resource: string, namespace: string, name: string): boolean {
        const key = `${resource}/${namespace}/${name}`;
        const obj = this.objects.get(key);
        if (!obj) return false;
        this.objects.delete(key);
        for (const [otherKey, other] of [...this.objects]) {
            if ((other.metadata.ownerReferences ?? []).some((r: Obj) => r.uid === obj.metadata.uid)) {
                const [r, ns, n] = otherKey.split("/");
                this.remove(r, ns, n);
            }
        }
        return true;
    }

    private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY) req.destroy();
            else chunks.push(c);
        });
        req.on("end", () => {
            const url = new URL(req.url ?? "/", "http://fake");
            const method = req.method ?? "GET";
            const seen: SeenRequest = { method, path: url.pathname, contentType: req.headers["content-type"] };
            this.seen.push(seen);
            const reply = (code: number, body: Obj): void => {
                const text = JSON.stringify(body);
                res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
                res.end(text);
            };
            if (req.headers.authorization !== `Bearer ${this.token}`) return reply(401, status(401, "Unauthorized", "Unauthorized"));
            const failure = this.failures.findIndex((f) => f.method === method && url.pathname.startsWith(f.pathPrefix));
            if (failure >= 0) {
                const f = this.failures.splice(failure, 1)[0];
                return reply(f.status, status(f.status, f.reason, f.message));
            }
            const m = GROUP_PATH.exec(url.pathname) ?? CORE_PATH.exec(url.pathname);
            if (!m) return reply(404, status(404, "NotFound", `the server could not find the requested resource (${url.pathname})`));
            const [, ns, resource, name] = m;
            let body: Obj | undefined;
            try {
                const text = Buffer.concat(chunks).toString("utf8");
                body = text ? JSON.parse(text) : undefined;
                seen.body = body;
            } catch {
                return reply(400, status(400, "BadRequest", "invalid JSON"));
            }
            const notFound = (): void => reply(404, status(404, "NotFound", `${resource} "${name}" not found`));
            const existing = name ? this.get(resource, ns, name) : undefined;
            if (method === "GET" && !name) {
                const items = this.names(resource, ns).map((n) => this.get(resource, ns, n)!).filter((o) => matchesSelector(o, url.searchParams.get("labelSelector")));
                return reply(200, { kind: "List", apiVersion: "v1", metadata: { resourceVersion: String(this.version) }, items });
            }
            if (method === "GET") return existing ? reply(200, existing) : notFound();
            if (method === "POST" && !name) {
                if (!body?.metadata?.name) return reply(422, status(422, "Invalid", "metadata.name: Required value"));
                if (this.get(resource, ns, body.metadata.name)) {
                    return reply(409, status(409, "AlreadyExists", `${resource} "${body.metadata.name}" already exists`));
                }
                const created = this.newObject(resource, ns, body);
                this.reconcile();
                return reply(201, created);
            }
            if (method === "PATCH" && name) {
                const type = req.headers["content-type"];
                if (type === "application/apply-patch+yaml") {
                    if (!url.searchParams.get("fieldManager")) return reply(400, status(400, "BadRequest", "fieldManager is required for apply requests"));
                    if (!existing) {
                        const created = this.newObject(resource, ns, { ...body, metadata: { ...body?.metadata, name } });
                        this.reconcile();
                        return reply(201, created);
                    }
                } else if (type !== "application/merge-patch+json") {
                    return reply(415, status(415, "UnsupportedMediaType", `unsupported patch type ${type}`));
                }
                if (!existing) return notFound();
                const merged = mergePatch(existing, body) as Obj;
                merged.metadata = { ...merged.metadata, name, namespace: ns, uid: existing.metadata.uid };
                if (JSON.stringify(merged.spec) !== JSON.stringify(existing.spec)) merged.metadata.generation = existing.metadata.generation + 1;
                this.put(resource, ns, merged);
                this.reconcile();
                return reply(200, merged);
            }
            if (method === "DELETE" && name) {
                if (!existing) return notFound();
                if (this.holdForeground && body?.propagationPolicy === "Foreground") {
                    existing.metadata.deletionTimestamp ??= new Date(0).toISOString();
                    existing.metadata.finalizers = ["foregroundDeletion"];
                    this.put(resource, ns, existing);
                    return reply(200, existing);
                }
                this.remove(resource, ns, name);
                this.reconcile();
                return reply(200, { kind: "Status", apiVersion: "v1", status: "Success" });
            }
            return reply(405, status(405, "MethodNotAllowed", `${method} is not supported here`));
        });
    }
}
