/**
 * What the e2e tests do with the cluster and engine of scripts/e2e/cluster-environment.ts
 * (setUp, tearDown): kubectl, a stack of this project, timed phases, PodSecurity warnings.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import type { E2eEnvironment } from "../../scripts/e2e/cluster-environment";

/** Root of the repository. */
export const ROOT = path.resolve(__dirname, "..", "..");
/** The policy pack, as `pulumi preview --policy-pack policy` takes it. */
export const POLICY_PACK = path.join(ROOT, "policy");

/** Runs kubectl and returns its stdout (JSON parsed when `-o json` is asked for). */
export function kubectl(e2e: E2eEnvironment, args: string[], input?: string): { stdout: string; stderr: string; status: number } {
    const result = spawnSync("kubectl", args, { env: e2e.env, encoding: "utf8", input });
    return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
}

/** `kubectl get ... -o json`, parsed; undefined when the object does not exist. */
export function getJson(e2e: E2eEnvironment, args: string[]): any {
    const result = kubectl(e2e, ["get", ...args, "-o", "json"]);
    if (result.status !== 0) {
        if (/NotFound|not found/.test(result.stderr)) return undefined;
        throw new Error(`kubectl get ${args.join(" ")}: ${result.stderr}`);
    }
    return JSON.parse(result.stdout);
}

/** A stack of this project, in the repository's directory, with `config` (values; secrets marked). */
export async function projectStack(
    e2e: E2eEnvironment, name: string, config: Record<string, { value: string; secret?: boolean } | { list: string[] }>,
): Promise<Stack> {
    // The Automation API looks for the CLI itself: point it at the toolchain's, not whatever is on PATH.
    const pulumiCommand = e2e.bin ? await PulumiCommand.get({ root: path.dirname(e2e.bin) }) : undefined;
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: name, workDir: ROOT },
        { envVars: e2e.env, pulumiCommand });
    for (const [key, entry] of Object.entries(config)) {
        if ("list" in entry) {
            // Typed arrays are set item by item with --path, as a user would on the command line.
            for (const [i, item] of entry.list.entries()) await stack.setConfig(`${key}[${i}]`, { value: item }, true);
        } else {
            await stack.setConfig(key, entry);
        }
    }
    return stack;
}

/** Times a phase and prints its duration. */
export async function phase<T>(label: string, body: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
        return await body();
    } finally {
        console.log(`      [e2e] ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
}

/**
 * The PodSecurity controls named in API server warnings, e.g.
 * `would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (...), unrestricted capabilities (...)`.
 */
export function podSecurityControls(text: string): string[] {
    const controls: string[] = [];
    for (const match of text.matchAll(/would violate PodSecurity "[^"]+": (.*)/g)) {
        // Drop the parenthesised details, then split the list of controls.
        let depth = 0;
        let plain = "";
        for (const ch of match[1]) {
            if (ch === "(") depth++;
            else if (ch === ")") depth--;
            else if (depth === 0) plain += ch;
        }
        controls.push(...plain.split(",").map((c) => c.trim()).filter((c) => c.length > 0));
    }
    return controls;
}

/** Polls `probe` every 500 ms until it returns a value other than undefined; fails naming `what` and the last state seen. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined, lastSeen?: () => unknown): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) {
            const seen = lastSeen ? `; last seen: ${JSON.stringify(lastSeen())}` : "";
            throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${seen}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
}
