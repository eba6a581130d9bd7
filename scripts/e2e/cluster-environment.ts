/**
 * A Kubernetes cluster and an offline Pulumi engine to run against it, for the e2e suite,
 * `npm run bench` and `npm run preview:pr -- --local-cluster`: the local control plane of
 * `cluster.sh` (or, with OPENHANDS_E2E_EXISTING_CLUSTER=1, the cluster of the caller's
 * KUBECONFIG), and an environment whose PATH starts with the toolchain of `toolchain.sh`
 * (the Go-built `pulumi`, language host, Kubernetes provider and `kubectl`), with a file
 * backend and PULUMI_HOME in a temporary directory and no plugin downloads. On request
 * (startAgentSandbox), agent-sandbox's CRDs and controller as well.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Root of the repository. */
const ROOT = path.resolve(__dirname, "..", "..");
const CLUSTER_SH = path.join(ROOT, "scripts", "e2e", "cluster.sh");
const TOOLCHAIN_SH = path.join(ROOT, "scripts", "e2e", "toolchain.sh");

/** The environment every CLI and kubectl call runs in. */
export interface E2eEnvironment {
    /** PATH (toolchain first), KUBECONFIG, the file backend, PULUMI_HOME and the offline settings. */
    readonly env: Record<string, string>;
    /** The toolchain's bin directory, when the tools come from it (else from PATH). */
    readonly bin?: string;
    /** Whether this run started (and must stop) the local control plane. */
    readonly ownsCluster: boolean;
    /** A temporary directory, removed by tearDown. */
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

/** The toolchain's bin directory when it is built, else undefined (then PATH must hold the tools). */
function toolchainBin(): string | undefined {
    const result = spawnSync("bash", [TOOLCHAIN_SH, "--print-bin"], { encoding: "utf8" });
    return result.status === 0 ? result.stdout.trim().split("\n").pop() : undefined;
}

/**
 * The environment for the toolchain's CLI: its bin first on PATH, a file backend and
 * PULUMI_HOME under `tmp`, a passphrase for the throwaway state, no update checks and no
 * plugin downloads (the toolchain has every plugin the tests use, and no download site
 * is reachable where the suite runs).
 *
 * @param bin the toolchain's bin directory; undefined when the tools are already on PATH
 * @param tmp a temporary directory the caller removes afterwards
 * @param base the environment to start from
 */
function offlineEngineEnv(bin: string | undefined, tmp: string, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
    fs.mkdirSync(path.join(tmp, "state"), { recursive: true });
    return {
        ...(base as Record<string, string>),
        PATH: bin === undefined ? base.PATH ?? "" : `${bin}${path.delimiter}${base.PATH ?? ""}`,
        PULUMI_BACKEND_URL: `file://${path.join(tmp, "state")}`,
        PULUMI_HOME: path.join(tmp, "pulumi-home"),
        PULUMI_CONFIG_PASSPHRASE: "throwaway-local-state",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    };
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
    console.log(`      [e2e] pulumi CLI ${version.stdout?.trim()}; kubeconfig ${env.KUBECONFIG}`);
    return { env, bin, ownsCluster: !existing, tmp };
}

/**
 * Starts kubernetes-sigs/agent-sandbox on the local control plane (`cluster.sh agent-sandbox`):
 * its CRDs applied server-side, its controller's ClusterRole bound to an identity of its own,
 * and the controller built by toolchain.sh running out of cluster (leader election and metrics
 * off, probes on 127.0.0.1). Only suites that need it call this. Against an existing cluster
 * (OPENHANDS_E2E_EXISTING_CLUSTER=1) nothing is started: the Sandbox CRD must be installed
 * there already, with a controller, or this throws.
 */
export function startAgentSandbox(e2e: E2eEnvironment): void {
    if (!e2e.ownsCluster) {
        const crd = spawnSync("kubectl", ["get", "crd", "sandboxes.agents.x-k8s.io"], { env: e2e.env, encoding: "utf8" });
        if (crd.status !== 0) throw new Error(`the existing cluster has no agent-sandbox (crd/sandboxes.agents.x-k8s.io): ${crd.stderr.trim()}`);
        return;
    }
    const started = Date.now();
    execFileSync("bash", [CLUSTER_SH, "agent-sandbox"], {
        env: { ...process.env, OPENHANDS_E2E_DIR: path.join(e2e.tmp, "cluster") }, stdio: ["ignore", "inherit", "inherit"],
    });
    console.log(`      [e2e] agent-sandbox controller up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The agent-sandbox controller's log on the local control plane (empty when there is none). */
export function agentSandboxLog(e2e: E2eEnvironment): string {
    const file = path.join(e2e.tmp, "cluster", "agent-sandbox-controller.log");
    return e2e.ownsCluster && fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

/** Stops what setUp started and removes its files (and any e2e stack files left in the work tree). */
export function tearDown(e2e: E2eEnvironment): void {
    if (e2e.ownsCluster) {
        execFileSync("bash", [CLUSTER_SH, "down"], {
            env: { ...process.env, OPENHANDS_E2E_DIR: path.join(e2e.tmp, "cluster") }, stdio: "inherit",
        });
    }
    for (const file of fs.readdirSync(ROOT).filter((f) => /^Pulumi\.e2e-.*\.yaml$/.test(f))) fs.rmSync(path.join(ROOT, file));
    fs.rmSync(e2e.tmp, { recursive: true, force: true });
}
