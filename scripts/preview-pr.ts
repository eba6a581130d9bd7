/**
 * The pull-request check of `.github/workflows/preview.yml`, run here: the same setup
 * steps, then `pulumi preview` of every stack with the policy pack, made the way
 * `pulumi/actions` makes it (the Automation API: select or create the stack in the
 * program's directory, set the config map, preview with the policy packs), all read from
 * the one definition in `scripts/pr-checks/definition.ts`.
 *
 *   npm run preview:pr                          npm ci, npm test, then preview each stack
 *   npm run preview:pr -- --skip-setup          previews only (CI has just run npm ci and npm test)
 *   npm run preview:pr -- --work-dir <dir>      preview the program in <dir> instead of this work tree
 *
 * What differs from GitHub, and why: the engine is the e2e toolchain's CLI (checked to be
 * the version the workflow installs); the backend is a file backend in a temporary
 * directory instead of the repository's; the cluster is the local control plane of
 * `scripts/e2e/cluster.sh` (or, with OPENHANDS_E2E_EXISTING_CLUSTER=1, the caller's
 * KUBECONFIG); each stack gets its `localConfig` (gke: no GKE cluster, so no cloud
 * account); there is no pull request to comment on. Each stack previews in its own copy
 * of the program, so the stack files of the work tree are never written.
 *
 * Exit status 0 only when every stack's preview passed; the last line sums them up.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { type E2eEnvironment, setUp, tearDown } from "../tests/e2e/environment";
import { toolchainPulumiVersion } from "./gen-workflow";
import { copyProgram, ROOT, secondsSince } from "./local-engine";
import { type PreviewedStack, PR_CHECK } from "./pr-checks/definition";

/** What the command line asked for. */
export interface PreviewRequest {
    /** Skip the setup steps (install, unit tests), which CI has just run. */
    readonly skipSetup: boolean;
    /** The program to preview. */
    readonly workDir: string;
}

/** How one stack's preview went. */
export interface StackResult {
    readonly stack: string;
    readonly passed: boolean;
    readonly seconds: string;
    /** The error's first lines when it failed. */
    readonly error?: string;
}

/** The request from the command line; throws a usage message when it is wrong. */
export function parseRequest(argv: readonly string[], cwd: string): PreviewRequest {
    let skipSetup = false;
    let workDir = path.join(ROOT, PR_CHECK.preview.workDir);
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--skip-setup") skipSetup = true;
        else if (argv[i] === "--work-dir" && argv[i + 1] !== undefined) workDir = path.resolve(cwd, argv[++i]);
        else throw new Error("usage: npm run preview:pr [-- [--skip-setup] [--work-dir <dir>]]");
    }
    if (!fs.existsSync(path.join(workDir, "Pulumi.yaml"))) throw new Error(`${workDir} holds no Pulumi.yaml`);
    return { skipSetup, workDir };
}

/**
 * The config a stack previews with here: the definition's literal GitHub values (a
 * repository variable has no value here), then its local values.
 */
export function localConfig(stack: PreviewedStack): Record<string, string> {
    const config: Record<string, string> = {};
    for (const [key, source] of Object.entries(stack.ciConfig)) if ("value" in source) config[key] = source.value;
    return { ...config, ...stack.localConfig };
}

/** Runs the setup steps in the repository's root, in order; throws at the first that fails. */
function runSetup(skip: boolean): void {
    for (const step of PR_CHECK.setup) {
        if (skip) {
            console.log(`[preview:pr] ${step.name}: skipped (--skip-setup)`);
            continue;
        }
        const started = Date.now();
        console.log(`[preview:pr] ${step.name}: ${step.run}`);
        const result = spawnSync("bash", ["-c", step.run], { cwd: ROOT, stdio: "inherit" });
        if (result.status !== 0) throw new Error(`${step.name} failed (exit ${result.status ?? result.signal})`);
        console.log(`[preview:pr] ${step.name}: passed (${secondsSince(started)} s)`);
    }
}

/** Previews one stack as `pulumi/actions` does, in a fresh copy of the program. */
async function previewStack(e2e: E2eEnvironment, request: PreviewRequest, stack: PreviewedStack): Promise<StackResult> {
    const started = Date.now();
    const program = path.join(e2e.tmp, `program-${stack.name}`);
    copyProgram(program, request.workDir);
    const pulumiCommand = e2e.bin ? await PulumiCommand.get({ root: path.dirname(e2e.bin) }) : undefined;
    const args = { stackName: stack.name, workDir: path.join(program, PR_CHECK.preview.workDir) };
    const opts = { envVars: e2e.env, pulumiCommand };
    const config = localConfig(stack);
    if (stack.localReason) console.log(`[preview:pr] ${stack.name}: ${JSON.stringify(config)}: ${stack.localReason}`);
    try {
        const workspaceStack = PR_CHECK.preview.upsert
            ? await LocalWorkspace.createOrSelectStack(args, opts)
            : await LocalWorkspace.selectStack(args, opts);
        await workspaceStack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }])));
        const result = await workspaceStack.preview({
            policyPacks: [...PR_CHECK.preview.policyPacks],
            onOutput: (text) => process.stdout.write(text),
        });
        console.log(`[preview:pr] ${stack.name}: ${JSON.stringify(result.changeSummary)}`);
        return { stack: stack.name, passed: true, seconds: secondsSince(started) };
    } catch (err) {
        const error = (err as Error).message.split("\n").filter((l) => l.trim() !== "").slice(-40).join("\n");
        return { stack: stack.name, passed: false, seconds: secondsSince(started), error };
    }
}

/** The whole check: setup steps, then every stack; returns each stack's result. */
export async function runPrCheck(request: PreviewRequest): Promise<StackResult[]> {
    runSetup(request.skipSetup);
    const e2e = setUp();
    try {
        const version = spawnSync("pulumi", ["version"], { env: e2e.env, encoding: "utf8" }).stdout.trim().replace(/^v/, "");
        if (version !== toolchainPulumiVersion()) {
            throw new Error(`pulumi ${version} here, but the workflow installs ${toolchainPulumiVersion()}: rebuild the toolchain`);
        }
        const results: StackResult[] = [];
        for (const stack of PR_CHECK.stacks) {
            console.log(`\n[preview:pr] ${stack.name}: pulumi ${PR_CHECK.preview.command} --policy-pack ${PR_CHECK.preview.policyPacks.join(" --policy-pack ")}`);
            const result = await previewStack(e2e, request, stack);
            if (result.error) console.log(result.error);
            console.log(`[preview:pr] ${stack.name}: ${result.passed ? "passed" : "FAILED"} (${result.seconds} s)`);
            results.push(result);
        }
        return results;
    } finally {
        tearDown(e2e);
    }
}

if (require.main === module) {
    const started = Date.now();
    runPrCheck(parseRequest(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd())).then((results) => {
        const failed = results.filter((r) => !r.passed);
        console.log(`\npreview:pr: ${results.map((r) => `${r.stack} ${r.passed ? "passed" : "FAILED"}`).join(", ")} ` +
            `(${secondsSince(started)} s)`);
        process.exit(failed.length === 0 ? 0 : 1);
    }, (err: Error) => {
        console.error(`[preview:pr] ${err.message}`);
        process.exit(1);
    });
}
