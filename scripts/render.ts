/**
 * Writes the Kubernetes objects a stack would apply, as YAML, without a cluster or a
 * cloud account:
 *
 *   npm run render -- <stack> <dir>      e.g. npm run render -- openshift rendered/openshift
 *
 * Runs `pulumi up` with the `pulumi` on PATH (install the Pulumi CLI first; it fetches
 * the plugins it needs as usual) on a copy of the program, against a throwaway file
 * backend in a temporary directory, with `openhands:renderYamlToDirectory`
 * set to `<dir>`: the program then gives every Kubernetes object to a provider that
 * writes it to `<dir>/1-manifest/` (CustomResourceDefinitions to `<dir>/0-crd/`) instead
 * of applying it. A gke stack renders with `openhands:createCluster false`: the GKE
 * cluster is not a manifest, its Kubernetes objects are. Secret values are written in
 * plain text, as the provider warns.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { copyProgram, pulumi, pulumiOnPath, pulumiVersion, ROOT, secondsSince, throwawayBackendEnv } from "./local-engine";

/** What `npm run render` was asked for. */
export interface RenderRequest {
    /** The stack: `Pulumi.<stack>.yaml` holds its config. */
    readonly stack: string;
    /** Where the YAML goes; absolute, empty or not there yet. */
    readonly directory: string;
}

/**
 * A stand-in for the node of an openshift stack file that names none (the stack refuses hostPath
 * data without one): the rendered PVs' node affinity shows where the real node's name goes.
 */
export const RENDER_NODE = "node-to-choose";

/** Config the render sets on top of the stack file, for a stack of `platform` whose file sets `stackConfig`. */
export function renderConfig(platform: unknown, directory: string, stackConfig: Record<string, unknown> = {}): Record<string, string> {
    return {
        "openhands:renderYamlToDirectory": directory,
        ...(platform === "gke" ? { "openhands:createCluster": "false" } : {}),
        ...(platform === "openshift" && stackConfig["openhands:nodeName"] === undefined ? { "openhands:nodeName": RENDER_NODE } : {}),
    };
}

/** The request from the command line; throws a usage message when it is wrong. */
export function parseRequest(argv: readonly string[], cwd: string): RenderRequest {
    const [stack, directory, ...rest] = argv;
    if (!stack || !directory || rest.length > 0) throw new Error("usage: npm run render -- <stack> <dir>");
    if (!fs.existsSync(path.join(ROOT, `Pulumi.${stack}.yaml`))) {
        const known = fs.readdirSync(ROOT).map((f) => /^Pulumi\.(?!e2e-)(.+)\.yaml$/.exec(f)?.[1]).filter(Boolean);
        throw new Error(`no stack file Pulumi.${stack}.yaml; stacks: ${known.join(", ")}`);
    }
    const absolute = path.resolve(cwd, directory);
    if (fs.existsSync(absolute) && fs.readdirSync(absolute).length > 0) {
        throw new Error(`${absolute} is not empty: render into an empty or new directory, so no old file passes for a new one`);
    }
    return { stack, directory: absolute };
}

/** Every file under `dir`, relative to it, sorted. */
export function filesUnder(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/** Renders the stack; returns the files written, relative to the directory. */
export function render(request: RenderRequest): string[] {
    const started = Date.now();
    const cli = pulumiOnPath();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "openhands-render-"));
    try {
        // No cluster: the caller's KUBECONFIG is dropped (the provider refuses it beside
        // renderYamlToDirectory, and rendering reads nothing from a cluster).
        const env = throwawayBackendEnv(tmp);
        delete env.KUBECONFIG;
        console.log(`[render] pulumi ${pulumiVersion(env)} (${cli})`);
        const program = path.join(tmp, "program");
        copyProgram(program);
        const stackFile = yaml.load(fs.readFileSync(path.join(program, `Pulumi.${request.stack}.yaml`), "utf8")) as
            { config?: Record<string, unknown> } | undefined;
        const platform = stackFile?.config?.["openhands:platform"];
        fs.mkdirSync(request.directory, { recursive: true });
        pulumi(["stack", "init", request.stack], program, env);
        for (const [key, value] of Object.entries(renderConfig(platform, request.directory, stackFile?.config))) {
            console.log(`[render] ${key} = ${value}`);
            pulumi(["config", "set", key, value], program, env);
        }
        pulumi(["up", "--yes", "--skip-preview", "--suppress-outputs"], program, env);
        const files = filesUnder(request.directory);
        console.log(`[render] ${request.stack}: ${files.length} files in ${request.directory} (${secondsSince(started)} s)`);
        for (const file of files) console.log(`[render]   ${file}`);
        if (files.length === 0) throw new Error("the render wrote no file");
        return files;
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

if (require.main === module) {
    try {
        render(parseRequest(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd()));
    } catch (err) {
        console.error(`[render] ${(err as Error).message}`);
        process.exit(1);
    }
}
