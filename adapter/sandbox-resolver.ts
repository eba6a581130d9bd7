/**
 * Which sandboxes the browser's route (proxy.ts) may reach, and at what host: only a Sandbox
 * the adapter made (its labels) that is not being deleted, at its headless Service's DNS name
 * `<name>.<namespace>.svc` (agent-sandbox names the Service after the Sandbox).
 *
 * Answers are cached briefly, both ways, so that a page load's many requests cost one call to
 * the Kubernetes API; concurrent lookups of one name share that call. A failed call is not
 * cached: it rejects, and the proxy then forwards nothing.
 */
import { type KubeClient, isNotFound, paths } from "./kube-client";
import type { Sandbox } from "./kube-types";
import { isSandboxName, sandboxLabels } from "./sandbox-objects";

/** Where a sandbox's pod is reached. */
export interface SandboxTarget {
    /** Host name or address of the sandbox's pod. */
    readonly host: string;
}

/** Turns a sandbox name into where to reach it, or undefined when the proxy must not. Rejects when it cannot tell. */
export interface SandboxResolver {
    resolve(name: string): Promise<SandboxTarget | undefined>;
}

/** What {@link KubeSandboxResolver} needs. */
export interface KubeSandboxResolverOptions {
    readonly kube: KubeClient;
    /** The adapter's namespace, where its Sandboxes are. */
    readonly namespace: string;
    /** How long a sandbox found stays cached, in milliseconds (default 5 s). */
    readonly positiveTtlMs?: number;
    /** How long a name not found (or refused) stays cached (default 2 s). */
    readonly negativeTtlMs?: number;
    /** At most this many names cached; the oldest goes first (default 1000). */
    readonly maxEntries?: number;
    /** The clock (tests move it). */
    readonly now?: () => number;
}

/** The DNS name of a sandbox's headless Service. */
export function sandboxHost(name: string, namespace: string): string {
    return `${name}.${namespace}.svc`;
}

/** Whether `sandbox` is one the adapter made under `name` (every label it sets) and is not being deleted. */
export function isReachableSandbox(sandbox: Sandbox, name: string): boolean {
    if (sandbox.metadata.name !== name || sandbox.metadata.deletionTimestamp) return false;
    const labels = sandbox.metadata.labels ?? {};
    return Object.entries(sandboxLabels(name)).every(([key, value]) => labels[key] === value);
}

interface Entry {
    readonly target: SandboxTarget | undefined;
    readonly expires: number;
}

/** The production resolver: a GET of the Sandbox through the adapter's Kubernetes client, cached. */
export class KubeSandboxResolver implements SandboxResolver {
    private readonly kube: KubeClient;
    private readonly namespace: string;
    private readonly positiveTtlMs: number;
    private readonly negativeTtlMs: number;
    private readonly maxEntries: number;
    private readonly now: () => number;
    private readonly cache = new Map<string, Entry>();
    private readonly pending = new Map<string, Promise<SandboxTarget | undefined>>();

    constructor(options: KubeSandboxResolverOptions) {
        this.kube = options.kube;
        this.namespace = options.namespace;
        this.positiveTtlMs = options.positiveTtlMs ?? 5_000;
        this.negativeTtlMs = options.negativeTtlMs ?? 2_000;
        this.maxEntries = options.maxEntries ?? 1_000;
        this.now = options.now ?? Date.now;
    }

    /** The sandbox's target, from the cache while it is fresh, else from the API. */
    resolve(name: string): Promise<SandboxTarget | undefined> {
        if (!isSandboxName(name)) return Promise.resolve(undefined);
        const cached = this.cache.get(name);
        if (cached && cached.expires > this.now()) return Promise.resolve(cached.target);
        const inFlight = this.pending.get(name);
        if (inFlight) return inFlight;
        const lookup = this.lookUp(name).finally(() => this.pending.delete(name));
        this.pending.set(name, lookup);
        return lookup;
    }

    private async lookUp(name: string): Promise<SandboxTarget | undefined> {
        let target: SandboxTarget | undefined;
        try {
            const sandbox = await this.kube.get<Sandbox>(paths.sandboxes(this.namespace, name));
            target = isReachableSandbox(sandbox, name) ? { host: sandboxHost(name, this.namespace) } : undefined;
        } catch (err) {
            if (!isNotFound(err)) throw err;
            target = undefined;
        }
        this.remember(name, target);
        return target;
    }

    private remember(name: string, target: SandboxTarget | undefined): void {
        this.cache.delete(name);
        while (this.cache.size >= this.maxEntries) {
            const oldest = this.cache.keys().next();
            if (oldest.done) break;
            this.cache.delete(oldest.value);
        }
        this.cache.set(name, { target, expires: this.now() + (target ? this.positiveTtlMs : this.negativeTtlMs) });
    }
}
