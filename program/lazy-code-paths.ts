/**
 * @pulumi/pulumi's runtime index loads its code-path module (`runtime/closure/codePaths`) as
 * it loads, and that module loads npm's dependency-tree reader (@npmcli/arborist, with
 * pacote, sigstore, tuf and ~200 other modules): about 0.35 s of the 0.7 s it takes a process
 * to load @pulumi/pulumi and @pulumi/kubernetes on the machine CI uses. The module has one
 * job, `runtime.computeCodePaths` (which files of node_modules a serialized function needs,
 * e.g. for a cloud function's archive), and this program never calls it.
 *
 * So the program puts a stand-in for that module into Node.js's module cache before anything
 * loads the SDK's index: an object with the module's exports, each a function that loads the
 * real module on its first call (the cache entry is then the real module) and calls through.
 * Nothing of the SDK is copied or changed: whoever calls `computeCodePaths` gets the SDK's own
 * function, loaded at that first call instead of with the index.
 *
 * If the SDK's index is loaded already (a program that imports the SDK first), or the module
 * is not where this SDK has it, nothing is changed. If a future SDK adds an export, the stand-in
 * lacks it: tests/lazy-code-paths.test.ts compares the module's exports with `SDK_CODE_PATHS`.
 */
import * as path from "path";

/** The SDK's code-path module, from @pulumi/pulumi's root. */
export const SDK_CODE_PATHS_MODULE = "runtime/closure/codePaths.js";

/** The SDK's code-path module's exports (all functions) that the stand-in forwards to it. */
export const SDK_CODE_PATHS = ["computeCodePaths", "findWorkspaceRoot"] as const;

/** Marks a stand-in this module made. */
const STAND_IN = Symbol.for("openhands.lazyModule");

/**
 * Puts into the module cache, under `file`, a stand-in whose `names` are functions that load
 * the module from `file` on their first call and call its function of the same name. Returns
 * whether the cache holds such a stand-in now; false (and nothing changed) when the module is
 * loaded already, or `file` does not exist. The stand-in is marked as an ES module's exports,
 * as the SDK's compiled modules are, so TypeScript's import helpers take it as it is.
 */
export function loadOnFirstCall(file: string, names: readonly string[]): boolean {
    const cached = require.cache[file];
    if (cached) return (cached.exports as { [STAND_IN]?: true })[STAND_IN] === true;
    try {
        require.resolve(file);
    } catch {
        return false;
    }
    let real: Record<string, (...args: unknown[]) => unknown> | undefined;
    const load = () => {
        if (!real) {
            delete require.cache[file];
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            real = require(file) as Record<string, (...args: unknown[]) => unknown>;
        }
        return real;
    };
    const exports: Record<string | symbol, unknown> = { [STAND_IN]: true };
    Object.defineProperty(exports, "__esModule", { value: true });
    for (const name of names) {
        exports[name] = (...args: unknown[]) => load()[name](...args);
    }
    // A module object as Node.js caches it: loaded, with its exports.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("module") as new (id: string) => NodeJS.Module;
    const standIn = new Module(file);
    Object.assign(standIn, { filename: file, loaded: true, exports });
    require.cache[file] = standIn;
    return true;
}

/** The code-path module's file in the @pulumi/pulumi this program loads, or undefined. */
export function sdkCodePathsFile(): string | undefined {
    try {
        return path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), SDK_CODE_PATHS_MODULE);
    } catch {
        return undefined;
    }
}

/**
 * Makes the SDK load its code-path module (and npm's dependency-tree reader) only when
 * `computeCodePaths` is first called. Call it before anything loads @pulumi/pulumi's index.
 * Returns whether the stand-in is in place.
 */
export function loadSdkCodePathsOnFirstUse(): boolean {
    const file = sdkCodePathsFile();
    return file !== undefined && loadOnFirstCall(file, SDK_CODE_PATHS);
}
