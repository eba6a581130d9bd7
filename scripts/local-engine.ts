/**
 * The Pulumi engine of the person running `npm run render` or `npm run preview:pr`: the
 * `pulumi` found on PATH, with the plugins it finds or downloads as it always does, a
 * throwaway file backend, and a copy of the program to run it in, so nothing the engine
 * writes (stack files, config, state) lands in the work tree or in the user's backend.
 *
 * Nothing here switches plugin downloads or update checks off: whoever calls these
 * scripts with an offline toolchain (the e2e suite) sets that in the environment it passes.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** Root of the repository. */
export const ROOT = path.resolve(__dirname, "..");

/** Top-level entries of the work tree that a copy of the program leaves out. */
const NOT_COPIED = new Set(["node_modules", ".git", "bin", "rendered", ".e2e-tmp"]);

/** What to tell someone who has no Pulumi CLI. */
export const INSTALL_PULUMI = "the Pulumi CLI (pulumi) is not on PATH: install it (https://www.pulumi.com/docs/install/) and run this again";

/**
 * The `pulumi` executable that `pathVariable` leads to, as a shell would pick it; throws
 * INSTALL_PULUMI when there is none.
 *
 * @param pathVariable a PATH value, by default this process's
 */
export function pulumiOnPath(pathVariable: string | undefined = process.env.PATH): string {
    for (const dir of (pathVariable ?? "").split(path.delimiter)) {
        if (dir === "") continue;
        const candidate = path.join(dir, "pulumi");
        try {
            fs.accessSync(candidate, fs.constants.X_OK);
            if (fs.statSync(candidate).isFile()) return candidate;
        } catch {
            // not here: try the next directory
        }
    }
    throw new Error(INSTALL_PULUMI);
}

/**
 * `base` with a file backend under `tmp` and a passphrase for its throwaway secrets; the
 * Node.js program is transpiled without type-checking (`npm run typecheck` does that).
 * PATH, PULUMI_HOME (where the CLI keeps its plugins) and every other setting stay as the
 * caller has them.
 *
 * @param tmp a temporary directory the caller removes afterwards
 * @param base the environment to start from
 */
export function throwawayBackendEnv(tmp: string, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
    fs.mkdirSync(path.join(tmp, "state"), { recursive: true });
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(base)) if (value !== undefined) env[name] = value;
    // The throwaway passphrase below, not one the caller keeps for their own stacks.
    delete env.PULUMI_CONFIG_PASSPHRASE_FILE;
    return {
        ...env,
        PULUMI_BACKEND_URL: `file://${path.join(tmp, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "throwaway-local-state",
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    };
}

/** The output of `pulumi version` in `env`, without its `v`. */
export function pulumiVersion(env: Record<string, string>): string {
    const result = spawnSync("pulumi", ["version"], { env, encoding: "utf8" });
    if (result.error) throw spawnError(result.error);
    return result.stdout.trim().replace(/^v/, "");
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

/** The error to report when `pulumi` could not be started: INSTALL_PULUMI when it is missing. */
function spawnError(error: Error): Error {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? new Error(INSTALL_PULUMI) : error;
}

/** Runs `pulumi <args>` (the one on PATH) in `cwd`, its output shown; throws on failure. */
export function pulumi(args: string[], cwd: string, env: Record<string, string>): void {
    const result = spawnSync("pulumi", ["--non-interactive", ...args], { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
    if (result.error) throw spawnError(result.error);
    if (result.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
}

/** Seconds since `started` (a Date.now()), one decimal. */
export function secondsSince(started: number): string {
    return ((Date.now() - started) / 1000).toFixed(1);
}
