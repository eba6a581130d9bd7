/**
 * The pull-request check of `.github/workflows/preview.yml`, run here: the workflow's
 * setup steps, then `pulumi preview` of every stack of its matrix with its policy packs,
 * made the way `pulumi/actions` makes it (the Automation API: select or create the stack
 * in the program's directory, set the config map, preview with the policy packs). The
 * steps, stacks and inputs are read from the workflow file (scripts/pr-workflow.ts).
 *
 *   npm run preview:pr                          npm ci, npm test, then preview each stack
 *   npm run preview:pr -- --skip-setup          previews only (CI has just run npm ci and npm test)
 *   npm run preview:pr -- --work-dir <dir>      preview the program in <dir> instead of this work tree
 *   npm run preview:pr -- --local-cluster       preview against the local control plane of
 *                                               scripts/e2e/cluster.sh (built from Go modules the
 *                                               first time) instead of the kubeconfig's cluster
 *
 * What differs from GitHub, and why: the engine is the `pulumi` on PATH (with the plugins
 * it finds or downloads as usual; a version other than the workflow's is reported, not
 * refused); the backend is a file backend in a temporary directory instead of the
 * repository's; the cluster is the current kubeconfig's (KUBECONFIG, else ~/.kube/config),
 * or with --local-cluster the local control plane; config values the workflow takes from
 * repository variables are not set, and a stack may get local config instead
 * (LOCAL_CONFIG: gke creates no GKE cluster, so no cloud account is needed); there is no
 * pull request to comment on. A preview changes nothing in the cluster. Each stack
 * previews in its own copy of the program, so the stack files of the work tree are never
 * written.
 *
 * Exit status 0 only when every stack's preview passed; the last line sums them up.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { type E2eEnvironment, setUp, tearDown } from "./e2e/cluster-environment";
import { copyProgram, pulumiOnPath, pulumiVersion, ROOT, secondsSince, throwawayBackendEnv } from "./local-engine";
import { type PrWorkflow, readPrWorkflow, type WorkflowStack } from "./pr-workflow";

/** What the command line asked for. */
export interface PreviewRequest {
    /** Skip the setup steps (install, unit tests), which CI has just run. */
    readonly skipSetup: boolean;
    /** The program to preview. */
    readonly workDir: string;
    /** Start the local control plane of scripts/e2e/cluster.sh instead of using the kubeconfig's cluster. */
    readonly localCluster: boolean;
}

/** How one stack's preview went. */
export interface StackResult {
    readonly stack: string;
    readonly passed: boolean;
    readonly seconds: string;
    /** The error's last lines when it failed. */
    readonly error?: string;
}

/** Config a stack previews with here on top of the workflow's literal config map, and why. */
export const LOCAL_CONFIG: Readonly<Record<string, { readonly config: Readonly<Record<string, string>>; readonly why: string }>> = {
    openshift: {
        config: { "openhands:nodeName": "e2e-node-0" },
        why: "the workflow reads the node from the repository variable OPENSHIFT_NODE; here, the local control plane's node",
    },
    gke: {
        config: { "openhands:createCluster": "false" },
        why: "no Google Cloud account here: the stack's Kubernetes objects go to the cluster previewed against",
    },
};

/** The request from the command line; throws a usage message when it is wrong. */
export function parseRequest(argv: readonly string[], cwd: string): PreviewRequest {
    let skipSetup = false;
    let localCluster = false;
    let workDir = ROOT;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--skip-setup") skipSetup = true;
        else if (argv[i] === "--local-cluster") localCluster = true;
        else if (argv[i] === "--work-dir" && argv[i + 1] !== undefined) workDir = path.resolve(cwd, argv[++i]);
        else throw new Error("usage: npm run preview:pr [-- [--skip-setup] [--work-dir <dir>] [--local-cluster]]");
    }
    if (!fs.existsSync(path.join(workDir, "Pulumi.yaml"))) throw new Error(`${workDir} holds no Pulumi.yaml`);
    return { skipSetup, workDir, localCluster };
}

/** The config a stack previews with here: the workflow's literal values, then LOCAL_CONFIG's. */
export function localConfig(stack: WorkflowStack): Record<string, string> {
    return { ...stack.literalConfig, ...LOCAL_CONFIG[stack.name]?.config };
}

/** Runs the workflow's setup steps in the repository's root, in order; throws at the first that fails. */
function runSetup(workflow: PrWorkflow, skip: boolean): void {
    for (const step of workflow.setup) {
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

/** The kubeconfig the previews read: the local control plane's, else the caller's; throws when there is none. */
function kubeconfig(cluster: E2eEnvironment | undefined): string {
    if (cluster) return cluster.env.KUBECONFIG;
    const file = process.env.KUBECONFIG || path.join(os.homedir(), ".kube", "config");
    if (!process.env.KUBECONFIG && !fs.existsSync(file)) {
        throw new Error("no kubeconfig (KUBECONFIG is unset and ~/.kube/config is missing): point KUBECONFIG at a cluster, " +
            "or pass --local-cluster to preview against a local control plane built from Go modules (scripts/e2e/README.md)");
    }
    return file;
}

/** Previews one stack as `pulumi/actions` does, in a fresh copy of the program. */
async function previewStack(workflow: PrWorkflow, request: PreviewRequest, stack: WorkflowStack,
    env: Record<string, string>, tmp: string): Promise<StackResult> {
    const started = Date.now();
    const program = path.join(tmp, `program-${stack.name}`);
    copyProgram(program, request.workDir);
    const args = { stackName: stack.name, workDir: path.join(program, workflow.preview.workDir) };
    const opts = { envVars: env };
    const config = localConfig(stack);
    const local = LOCAL_CONFIG[stack.name];
    if (local) console.log(`[preview:pr] ${stack.name}: ${JSON.stringify(local.config)}: ${local.why}`);
    try {
        const workspaceStack = workflow.preview.upsert
            ? await LocalWorkspace.createOrSelectStack(args, opts)
            : await LocalWorkspace.selectStack(args, opts);
        await workspaceStack.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value }])));
        const result = await workspaceStack.preview({
            policyPacks: [...workflow.preview.policyPacks],
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
    const workflow = readPrWorkflow();
    if (workflow.preview.command !== "preview") throw new Error(`the workflow runs pulumi ${workflow.preview.command}, not preview`);
    const cli = pulumiOnPath();
    runSetup(workflow, request.skipSetup);
    const cluster = request.localCluster ? setUp() : undefined;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "openhands-preview-pr-"));
    try {
        const env = { ...throwawayBackendEnv(tmp), KUBECONFIG: kubeconfig(cluster) };
        const version = pulumiVersion(env);
        console.log(`[preview:pr] pulumi ${version} (${cli}); kubeconfig ${env.KUBECONFIG}`);
        if (version !== workflow.preview.pulumiVersion) {
            console.log(`[preview:pr] note: the workflow installs pulumi ${workflow.preview.pulumiVersion}; this is ${version}`);
        }
        const results: StackResult[] = [];
        for (const stack of workflow.stacks) {
            console.log(`\n[preview:pr] ${stack.name}: pulumi preview --policy-pack ${workflow.preview.policyPacks.join(" --policy-pack ")}`);
            const result = await previewStack(workflow, request, stack, env, tmp);
            if (result.error) console.log(result.error);
            console.log(`[preview:pr] ${stack.name}: ${result.passed ? "passed" : "FAILED"} (${result.seconds} s)`);
            results.push(result);
        }
        return results;
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
        if (cluster) tearDown(cluster);
    }
}

if (require.main === module) {
    const started = Date.now();
    Promise.resolve().then(() => runPrCheck(parseRequest(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd()))).then((results) => {
        const failed = results.filter((r) => !r.passed);
        console.log(`\npreview:pr: ${results.map((r) => `${r.stack} ${r.passed ? "passed" : "FAILED"}`).join(", ")} ` +
            `(${secondsSince(started)} s)`);
        process.exit(failed.length === 0 ? 0 : 1);
    }, (err: Error) => {
        console.error(`[preview:pr] ${err.message}`);
        process.exit(1);
    });
}
