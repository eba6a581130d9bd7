/**
 * The runtime API adapter's compiled JavaScript, as the files of its ConfigMap. The package ships
 * it in `bin/adapter/` (`npm run build:adapter`, which `npm ci` and `npm pack` run as the prepare
 * step). In a checkout that also holds `adapter/*.ts`, the build records a digest of those sources,
 * and a mismatch stops the deployment: code changed since the build is never shipped stale.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** This package's name, which marks its root on the way up from this file. */
const PACKAGE_NAME = "@openhands-iac/openhands-k8s";
/** Where the build writes the digest of the sources it compiled. */
export const SOURCE_DIGEST_FILE = ".source-digest";

/** The package's root directory: the nearest directory above this file whose package.json is this package's. */
export function packageRoot(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const manifest = path.join(dir, "package.json");
        if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME) return dir;
        if (path.dirname(dir) === dir) throw new Error(`cannot find the root of ${PACKAGE_NAME} above ${from}`);
    }
}

/** A digest of the adapter's TypeScript sources (names and contents), or undefined where they are not shipped. */
export function adapterSourceDigest(root: string): string | undefined {
    const dir = path.join(root, "adapter");
    if (!fs.existsSync(dir)) return undefined;
    const digest = createHash("sha256");
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).sort()) {
        digest.update(file).update("\0").update(fs.readFileSync(path.join(dir, file))).update("\0");
    }
    return digest.digest("hex");
}

/** The adapter's compiled modules by file name, as the ConfigMap holds them. Throws, saying what to run, when absent or stale. */
export function adapterCode(root: string = packageRoot()): Record<string, string> {
    const dir = path.join(root, "bin", "adapter");
    const build = "run 'npm run build:adapter' (npm ci runs it)";
    if (!fs.existsSync(path.join(dir, "main.js"))) {
        throw new Error(`sandboxes: 'pods' ships the runtime API adapter's compiled JavaScript, and ${dir} has none; ${build}`);
    }
    const sources = adapterSourceDigest(root);
    const digestPath = path.join(dir, SOURCE_DIGEST_FILE);
    const built = fs.existsSync(digestPath) ? fs.readFileSync(digestPath, "utf8").trim() : undefined;
    if (sources !== undefined && built !== sources) {
        throw new Error(`sandboxes: 'pods': adapter/ changed since ${dir} was compiled; ${build}`);
    }
    const files: Record<string, string> = {};
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".js")).sort()) {
        files[file] = fs.readFileSync(path.join(dir, file), "utf8");
    }
    return files;
}
