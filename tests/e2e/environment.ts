/**
 * The end-to-end environment: the real Pulumi CLI, language host and Kubernetes
 * provider from the e2e toolchain, a file backend in a temporary directory, and
 * either the local control plane of scripts/e2e/cluster.sh or, with
 * OPENHANDS_E2E_EXISTING_CLUSTER=1, the cluster of the caller's KUBECONFIG.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { offlineEngineEnv } from "../../scripts/local-engine";

export const ROOT = path.resolve(__dirname, "..", "..");
const CLUSTER_SH = path.join(ROOT, "scripts", "e2e", "cluster.sh");
const TOOLCHAIN_SH = path.join(ROOT, "scripts", "e2e", "toolchain.sh");
/** The policy pack, as `pulumi preview --policy-pack policy` takes it. */
export const POLICY_PACK = path.join(ROOT, "policy");

/** The environment every CLI and kubectl call runs in. */
export interface E2eEnvironment {
    readonly env: Record<string, string>;
    /** The toolchain's bin directory, when the tools come from it (else from PATH). */
    readonly bin?: string;
    /** Whether this run started (and must stop) the local control plane. */
    readonly ownsCluster: boolean;
    readonly tmp: string;
}

/** Parses `export NAME=value` lines. */
function parseExports(text: string, base: NodeJS.ProcessEnv): Record<string, string> {
    const env: Record<string, string> = {};
    for (const line of text.split("\n")) {
        const match = /^export ([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
        if (match) env[match[1]] = match[2].replace(/^"|"$/g, "").replace("$PATH", base.PATH ?? "");
    }
    return env;
}

/** Starts (or adopts) a cluster and prepares the Pulumi environment. */
export function setUp(): E2eEnvironment {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "openhands-e2e-"));
    const existing = process.env.OPENHANDS_E2E_EXISTING_CLUSTER === "1";
    let clusterEnv: Record<string, string> = {};
    if (existing) {
        if (!process.env.KUBECONFIG) throw new Error("OPENHANDS_E2E_EXISTING_CLUSTER=1 needs KUBECONFIG");
    } else {
        const clusterDir = path.join(tmp, "cluster");
        const env = { ...process.env, OPENHANDS_E2E_DIR: clusterDir };
        const started = Date.now();
        execFileSync("bash", [CLUSTER_SH, "up"], { env, stdio: ["ignore", "inherit", "inherit"] });
        console.log(`      [e2e] local control plane up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        clusterEnv = parseExports(execFileSync("bash", [CLUSTER_SH, "env"], { env, encoding: "utf8" }), process.env);
    }
    const bin = clusterEnv.OPENHANDS_E2E_BIN ?? toolchainBin();
    // The cluster's PATH already starts with the toolchain: the caller's PATH is the base.
    const env = offlineEngineEnv(bin, tmp, { ...process.env, ...clusterEnv, PATH: process.env.PATH });
    const version = spawnSync("pulumi", ["version"], { env, encoding: "utf8" });
    console.log(`      [e2e] pulumi CLI ${version.stdout.trim()}; kubeconfig ${env.KUBECONFIG}`);
    return { env, bin, ownsCluster: !existing, tmp };
}

/** The toolchain's bin directory when it is built, else undefined (then PATH must hold the tools). */
function toolchainBin(): string | undefined {
    const result = spawnSync("bash", [TOOLCHAIN_SH, "--print-bin"], { encoding: "utf8" });
    return result.status === 0 ? result.stdout.trim().split("\n").pop() : undefined;
}

/** Stops what setUp started and removes its files (and any stack files the tests wrote). */
export function tearDown(e2e: E2eEnvironment): void {
    if (e2e.ownsCluster) {
        execFileSync("bash", [CLUSTER_SH, "down"], {
            env: { ...process.env, OPENHANDS_E2E_DIR: path.join(e2e.tmp, "cluster") }, stdio: "inherit",
        });
    }
    for (const file of fs.readdirSync(ROOT).filter((f) => /^Pulumi\.e2e-.*\.yaml$/.test(f))) fs.rmSync(path.join(ROOT, file));
    fs.rmSync(e2e.tmp, { recursive: true, force: true });
}

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
