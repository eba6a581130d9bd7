/**
 * The real Pulumi engine on this machine, for the scripts that run it outside the e2e
 * suite (`npm run render`, `npm run preview:pr`): the e2e toolchain's CLI, an offline
 * environment with a throwaway file backend, and a copy of the program to run it in, so
 * nothing the engine writes (stack files, config) lands in the work tree.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** Root of the repository. */
export const ROOT = path.resolve(__dirname, "..");
const TOOLCHAIN_SH = path.join(ROOT, "scripts", "e2e", "toolchain.sh");

/** Top-level entries of the work tree that a copy of the program leaves out. */
const NOT_COPIED = new Set(["node_modules", ".git", "bin", "rendered", ".e2e-tmp"]);

/**
 * The toolchain's bin directory (`pulumi`, its Node.js language host, the Kubernetes
 * provider, `kubectl`). Builds what is missing first, as `scripts/e2e/cluster.sh` does:
 * nothing when the cache is warm, the whole toolchain from Go modules when it is cold.
 */
export function ensureToolchain(): string {
    const warm = spawnSync("bash", [TOOLCHAIN_SH, "--print-bin"], { encoding: "utf8" });
    if (warm.status === 0) return warm.stdout.trim().split("\n").pop() ?? "";
    console.log("[engine] the e2e toolchain is not built yet: building it from Go modules (see scripts/e2e/README.md)");
    const built = spawnSync("bash", [TOOLCHAIN_SH], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    const line = /^TOOLCHAIN_BIN=(.*)$/m.exec(built.stdout ?? "");
    if (built.status !== 0 || !line) throw new Error("scripts/e2e/toolchain.sh failed; see its output above");
    return line[1].trim();
}

/**
 * The environment for the toolchain's CLI: its bin first on PATH, a file backend and
 * PULUMI_HOME under `tmp`, a passphrase for the throwaway state, no update checks and no
 * plugin downloads (nothing here can reach a download site).
 *
 * @param bin the toolchain's bin directory; undefined when the tools are already on PATH
 * @param tmp a temporary directory the caller removes afterwards
 * @param base the environment to start from
 */
export function offlineEngineEnv(bin: string | undefined, tmp: string, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
    fs.mkdirSync(path.join(tmp, "state"), { recursive: true });
    return {
        ...(base as Record<string, string>),
        PATH: bin === undefined ? base.PATH ?? "" : `${bin}:${base.PATH ?? ""}`,
        PULUMI_BACKEND_URL: `file://${path.join(tmp, "state")}`,
        PULUMI_HOME: path.join(tmp, "pulumi-home"),
        PULUMI_CONFIG_PASSPHRASE: "throwaway-local-state",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    };
}

/**
 * Copies the program in `from` (by default the work tree) to `dest`, leaving out
 * node_modules, .git and build output, and links `dest/node_modules` to the work tree's
 * installed packages.
 *
 * @param dest a directory that does not exist yet
 * @param from the program's directory
 */
export function copyProgram(dest: string, from: string = ROOT): void {
    if (fs.existsSync(dest)) throw new Error(`${dest} exists already`);
    fs.mkdirSync(dest, { recursive: true });
    for (const entry of fs.readdirSync(from)) {
        if (NOT_COPIED.has(entry) || /^Pulumi\.e2e-.*\.yaml$/.test(entry)) continue;
        fs.cpSync(path.join(from, entry), path.join(dest, entry), { recursive: true });
    }
    const modules = path.join(ROOT, "node_modules");
    if (!fs.existsSync(modules)) throw new Error("node_modules is missing: run npm ci first");
    fs.symlinkSync(modules, path.join(dest, "node_modules"), "dir");
}

/** Runs `pulumi <args>` with the toolchain's CLI in `cwd`, its output shown; throws on failure. */
export function pulumi(args: string[], cwd: string, env: Record<string, string>): void {
    const result = spawnSync("pulumi", ["--non-interactive", ...args], { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
    if (result.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
}

/** Seconds since `started` (a Date.now()), one decimal. */
export function secondsSince(started: number): string {
    return ((Date.now() - started) / 1000).toFixed(1);
}
