/**
 * Benchmark: what `pulumi preview` / `pulumi up` and the mocked evaluation cost, each
 * next to its floor measured in the same run, so the ratios hold on a noisy machine.
 * It prints figures and asserts nothing (these machines are shared).
 *
 *   npm run bench                 mocked figures, then the real engine against the
 *                                 local control plane (if the e2e toolchain is built)
 *   BENCH_RUNS=5 npm run bench    repetitions per figure (minimum taken; default 3)
 *   BENCH_ENGINE=0 npm run bench  mocked figures only
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { setUp, tearDown, type E2eEnvironment } from "../tests/e2e/environment";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Runs a command; returns its wall time in seconds (throws on failure). */
function timed(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): number {
    const start = performance.now();
    const run = spawnSync(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, encoding: "utf8" });
    const seconds = (performance.now() - start) / 1000;
    if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
    return seconds;
}

/** The fastest of `RUNS` runs. */
function best(run: () => number): number {
    let min = Infinity;
    for (let i = 0; i < RUNS; i++) min = Math.min(min, run());
    return min;
}

const fmt = (s: number) => `${s.toFixed(2)} s`;
const ratio = (a: number, b: number) => (a / b).toFixed(2);
const row = (cells: string[]) => console.log(`| ${cells.join(" | ")} |`);

/** A Node.js process with ts-node (transpile only), as mocha runs the tests. */
function nodeTs(script: string): number {
    return timed(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script]);
}

function mocked(): void {
    const stackScript = (stack: string, config: Record<string, string>) =>
        `require("./tests/support/stack").runStack(${JSON.stringify(stack)}, ${JSON.stringify(config)})` +
        `.then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })`;
    const floorOpenshift = best(() => nodeTs("require('@pulumi/pulumi'); require('@pulumi/kubernetes')"));
    const floorGke = best(() => nodeTs("require('@pulumi/pulumi'); require('@pulumi/kubernetes'); require('@pulumi/gcp').container.Cluster"));
    const openshift = best(() => nodeTs(stackScript("openshift", {})));
    const gke = best(() => nodeTs(stackScript("gke", { "gcp:project": "demo-project" })));
    const suite = timed("npx", ["mocha", "--reporter", "dot"]);

    console.log(`\n## Mocked evaluation (fresh Node.js process each, best of ${RUNS})\n`);
    row(["what", "time", "floor: a process that only loads the SDKs it needs", "ratio", "goal"]);
    row(["---", "---", "---", "---", "---"]);
    row(["openshift stack, cold", fmt(openshift), fmt(floorOpenshift), ratio(openshift, floorOpenshift), "<= 1.5"]);
    row(["gke stack with cluster, cold", fmt(gke), fmt(floorGke), ratio(gke, floorGke), "<= 1.5"]);
    row(["npm test (one run)", fmt(suite), fmt(floorOpenshift), ratio(suite, floorOpenshift), "<= 4"]);
}

/** A project with nothing in it but the two SDK imports: the floor of a preview. */
function emptyProgram(tmp: string): string {
    const dir = path.join(tmp, "empty-program");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: bench-empty\nruntime:\n  name: nodejs\nmain: index.ts\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "bench-empty", private: true }));
    fs.writeFileSync(path.join(dir, "index.ts"),
        "import * as pulumi from \"@pulumi/pulumi\";\nimport * as k8s from \"@pulumi/kubernetes\";\n" +
        "export const loaded = [typeof pulumi.Config, typeof k8s.Provider];\n");
    fs.copyFileSync(path.join(ROOT, "tsconfig.json"), path.join(dir, "tsconfig.json"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

/** Writes each Node.js process's peak RSS (KiB) to `file` when it exits. */
function rssHook(tmp: string): { hook: string; file: string } {
    const file = path.join(tmp, "rss.log");
    const hook = path.join(tmp, "rss-hook.js");
    fs.writeFileSync(hook, `process.on("exit", () => require("fs").appendFileSync(${JSON.stringify(file)}, ` +
        "process.resourceUsage().maxRSS + \"\\n\"));\n");
    return { hook, file };
}

function engine(e2e: E2eEnvironment): void {
    const base: NodeJS.ProcessEnv = { ...e2e.env };
    delete base.PULUMI_NODEJS_TRANSPILE_ONLY;  // the project's own settings decide, as for a user
    const modes: Array<[string, NodeJS.ProcessEnv]> = [
        ["the project's settings", base],
        ["PULUMI_NODEJS_TRANSPILE_ONLY=true", { ...base, PULUMI_NODEJS_TRANSPILE_ONLY: "true" }],
        // No type-checking mode: with swc (tsconfig.json) ts-node refuses PULUMI_NODEJS_TRANSPILE_ONLY=false,
        // and type-checking on every deploy is what CI's strict tsc already does once.
    ];
    const pulumi = (args: string[], cwd: string, env: NodeJS.ProcessEnv) =>
        timed("pulumi", [...args, "--non-interactive", "--cwd", cwd], { cwd, env });

    const empty = emptyProgram(e2e.tmp);
    pulumi(["stack", "init", "bench"], empty, base);
    const stacks: Record<string, Record<string, string>> = {
        // protectData false: the bench destroys what it made, volumes included.
        openshift: { "openhands:platform": "openshift", "openhands:guideNames": "true", "openhands:nodePort": "30496", "openhands:protectData": "false" },
        gke: {
            "openhands:platform": "gke", "openhands:guideNames": "true", "openhands:createCluster": "false",
            "openhands:persistentState": "false", "openhands:loadBalancerSourceRanges": "[\"127.0.0.0/8\"]",
        },
    };
    for (const [name, config] of Object.entries(stacks)) {
        pulumi(["stack", "init", `e2e-bench-${name}`], ROOT, base);
        for (const [key, value] of Object.entries(config)) {
            const byPath = value.startsWith("[");
            if (byPath) {
                for (const [i, item] of (JSON.parse(value) as string[]).entries()) {
                    pulumi(["config", "set", "--path", `${key}[${i}]`, item, "--stack", `e2e-bench-${name}`], ROOT, base);
                }
            } else {
                pulumi(["config", "set", key, value, "--stack", `e2e-bench-${name}`], ROOT, base);
            }
        }
    }

    console.log(`\n## Real engine against the local control plane (best of ${RUNS})\n`);
    row(["what", "empty program", "openshift stack", "ratio", "gke stack (createCluster false)", "ratio"]);
    row(["---", "---", "---", "---", "---", "---"]);
    const previews: Record<string, number> = {};
    for (const [label, env] of modes) {
        const floor = best(() => pulumi(["preview", "--stack", "bench"], empty, env));
        const openshift = best(() => pulumi(["preview", "--stack", "e2e-bench-openshift"], ROOT, env));
        const gke = best(() => pulumi(["preview", "--stack", "e2e-bench-gke"], ROOT, env));
        previews[label] = openshift;
        row([`\`pulumi preview\`, ${label}`, fmt(floor), fmt(openshift), ratio(openshift, floor), fmt(gke), ratio(gke, floor)]);
    }
    const fastest = Math.min(...Object.values(previews));
    console.log(`\nproject's settings vs the fastest settings a user could choose (openshift preview): ` +
        `${ratio(previews[modes[0][0]], fastest)} (goal <= 1.2; goal for the stacks vs the empty program: <= 1.3)`);

    const { hook, file } = rssHook(e2e.tmp);
    const withHook = { ...base, NODE_OPTIONS: `--require ${hook}` };
    pulumi(["up", "--yes", "--skip-preview", "--stack", "e2e-bench-openshift"], ROOT, base);
    // The second up and the preview are timed alike, without the memory hook; one more up measures memory.
    const secondUp = best(() => pulumi(["up", "--yes", "--skip-preview", "--stack", "e2e-bench-openshift"], ROOT, base));
    const preview = best(() => pulumi(["preview", "--stack", "e2e-bench-openshift"], ROOT, base));
    fs.rmSync(file, { force: true });
    pulumi(["up", "--yes", "--skip-preview", "--stack", "e2e-bench-openshift"], ROOT, withHook);
    const rssKiB = Math.max(...fs.readFileSync(file, "utf8").trim().split("\n").map(Number));
    console.log(`second \`pulumi up\` with no changes (openshift): ${fmt(secondUp)}; preview ${fmt(preview)}; ` +
        `ratio ${ratio(secondUp, preview)} (goal <= 1.0)`);
    console.log(`peak RSS of the program's Node.js process during up: ${(rssKiB / 1024).toFixed(0)} MiB (goal < 300 MB)`);
    pulumi(["destroy", "--yes", "--skip-preview", "--stack", "e2e-bench-openshift"], ROOT, base);
    for (const name of Object.keys(stacks)) pulumi(["stack", "rm", "--yes", "--force", "--stack", `e2e-bench-${name}`], ROOT, base);
}

function main(): void {
    console.log(`# npm run bench: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${new Date().toISOString()}`);
    mocked();
    if (process.env.BENCH_ENGINE === "0") return;
    const bin = spawnSync("bash", [path.join(ROOT, "scripts", "e2e", "toolchain.sh"), "--print-bin"]);
    if (bin.status !== 0) {
        console.log("\nreal-engine figures skipped: the e2e toolchain is not built (bash scripts/e2e/toolchain.sh)");
        return;
    }
    const e2e = setUp();
    try {
        engine(e2e);
    } finally {
        tearDown(e2e);
    }
}

main();
