/**
 * Benchmark: what `pulumi preview` / `pulumi up` and the mocked evaluation cost, each
 * next to its floor measured in the same run, so the ratios hold on a noisy machine.
 * It prints figures and asserts nothing (these machines are shared).
 *
 *   npm run bench                 mocked figures, the browser's route to a sandbox
 *                                 (scripts/bench/proxy.bench.ts), then the real engine against
 *                                 the local control plane (if the e2e toolchain is built)
 *   BENCH_RUNS=9 npm run bench    rounds (default 7); the minimum of each figure is taken
 *   BENCH_ENGINE=0 npm run bench  no real-engine figures
 *   BENCH_ONLY=proxy npm run bench  only the named sections (comma-separated: mocked, proxy, engine)
 *
 * Each figure and its floor are timed in the same rounds, one after the other (A, B, A, B...),
 * so a burst of load from other work on the machine lands on both, not on one of them.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { setUp, tearDown, type E2eEnvironment } from "./e2e/cluster-environment";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/** Runs a command; returns its wall time in seconds (throws on failure). */
function timed(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): number {
    const start = performance.now();
    const run = spawnSync(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, encoding: "utf8" });
    const seconds = (performance.now() - start) / 1000;
    if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
    return seconds;
}

/** Times every entry once per round for `RUNS` rounds, interleaved; returns each one's fastest. */
function rounds<K extends string>(runs: Record<K, () => number>): Record<K, number> {
    const keys = Object.keys(runs) as K[];
    const min = Object.fromEntries(keys.map((k) => [k, Infinity])) as Record<K, number>;
    for (let i = 0; i < RUNS; i++) for (const k of keys) min[k] = Math.min(min[k], runs[k]());
    return min;
}

const fmt = (s: number) => `${s.toFixed(2)} s`;
const ratio = (a: number, b: number) => (a / b).toFixed(2);
const row = (cells: string[]) => console.log(`| ${cells.join(" | ")} |`);

/** The modules mocha preloads (.mocharc.json): ts-node, as for every test run. */
const MOCHA_PRELOADS = (JSON.parse(fs.readFileSync(path.join(ROOT, ".mocharc.json"), "utf8")) as { require: string[] }).require;

/** A Node.js process with `preloads` (by default what mocha preloads), running `script`. */
function nodeTs(script: string, preloads: string[] = MOCHA_PRELOADS): number {
    return timed(process.execPath, [...preloads.flatMap((m) => ["-r", m]), "-e", script]);
}

function mocked(): void {
    const stackScript = (stack: string, config: Record<string, string>) =>
        `require("./tests/support/stack").runStack(${JSON.stringify(stack)}, ${JSON.stringify(config)})` +
        `.then(() => process.exit(0), (e) => { console.error(e); process.exit(1); })`;
    // One set of rounds for every figure: `npm test` is compared with the SDK load as well, so
    // both must be timed in the same rounds.
    const t = rounds({
        floorOpenshift: () => nodeTs("require('@pulumi/pulumi'); require('@pulumi/kubernetes')"),
        openshift: () => nodeTs(stackScript("openshift", { "openhands:nodeName": "worker-1" })),
        floorGke: () => nodeTs("require('@pulumi/pulumi'); require('@pulumi/kubernetes'); require('@pulumi/gcp/container').Cluster"),
        gke: () => nodeTs(stackScript("gke", { "gcp:project": "demo-project" })),
        // `npm test` as a user runs it: npm's own start (~0.3 s) included. (npx would add ~0.7 s.)
        suite: () => timed("npm", ["test", "--silent"]),
        // mocha through npm with the same preloads and one test file that loads both SDKs.
        mochaFloor: () => timed("npm", ["exec", "--no", "--", "mocha", "--no-config", "--extension", "ts",
            ...MOCHA_PRELOADS.flatMap((m) => ["--require", m]), "scripts/bench/sdk-load.bench.ts"]),
    });

    console.log(`\n## Mocked evaluation (fresh Node.js process each, ${RUNS} interleaved rounds, fastest taken)\n`);
    row(["what", "time", "floor", "ratio", "goal"]);
    row(["---", "---", "---", "---", "---"]);
    row(["openshift stack, cold", fmt(t.openshift), `${fmt(t.floorOpenshift)} (a process that only loads the SDKs it needs)`, ratio(t.openshift, t.floorOpenshift), "<= 1.5"]);
    row(["gke stack with cluster, cold", fmt(t.gke), `${fmt(t.floorGke)} (the same, GCP's cluster module too)`, ratio(t.gke, t.floorGke), "<= 1.5"]);
    row(["npm test", fmt(t.suite), `${fmt(t.floorOpenshift)} (SDK load, as above)`, ratio(t.suite, t.floorOpenshift), "<= 4"]);
    row(["npm test", fmt(t.suite), `${fmt(t.mochaFloor)} (mocha running one test that loads the SDKs)`, ratio(t.suite, t.mochaFloor), "(for reference)"]);
}

/**
 * A project with nothing in it but the two SDK imports: the floor of a preview. With
 * `oneObject`, it also makes one ConfigMap: the smallest program that starts the
 * Kubernetes provider (a reference figure, not a goal's floor).
 */
function emptyProgram(tmp: string, oneObject = false): string {
    const project = oneObject ? "bench-one-object" : "bench-empty";
    const dir = path.join(tmp, project);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${project}\nruntime:\n  name: nodejs\nmain: index.ts\n`);
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: project, private: true }));
    fs.writeFileSync(path.join(dir, "index.ts"),
        "import * as pulumi from \"@pulumi/pulumi\";\nimport * as k8s from \"@pulumi/kubernetes\";\n" +
        "export const loaded = [typeof pulumi.Config, typeof k8s.Provider];\n" +
        (oneObject ? "new k8s.core.v1.ConfigMap(\"bench\", { metadata: { name: \"bench-one-object\" }, data: { a: \"b\" } });\n" : ""));
    fs.copyFileSync(path.join(ROOT, "tsconfig.json"), path.join(dir, "tsconfig.json"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

/** Seconds from starting the Kubernetes provider's binary to its first line (the port it serves). */
function providerStart(bin: string): number {
    const script = "const t = process.hrtime.bigint(); const p = require('child_process').spawn(process.argv[1], [], { stdio: ['pipe', 'pipe', 'ignore'] });" +
        "p.stdout.once('data', () => { console.log(Number(process.hrtime.bigint() - t) / 1e6); p.kill(); });";
    const run = spawnSync(process.execPath, ["-e", script, path.join(bin, "pulumi-resource-kubernetes")], { encoding: "utf8" });
    const ms = Number(run.stdout.trim());
    if (run.status !== 0 || !(ms > 0)) throw new Error(`the Kubernetes provider did not start: ${run.stderr}`);
    return ms / 1000;
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
    const oneObject = emptyProgram(e2e.tmp, true);
    pulumi(["stack", "init", "bench"], oneObject, base);
    const stacks: Record<string, Record<string, string>> = {
        // protectData false: the bench destroys what it made, volumes included.
        openshift: { "openhands:platform": "openshift", "openhands:guideNames": "true", "openhands:nodePort": "30496", "openhands:protectData": "false",
            "openhands:nodeName": "e2e-node-0" },
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

    console.log(`\n## Real engine against the local control plane (${RUNS} interleaved rounds, fastest taken)\n`);
    row(["what", "empty program", "openshift stack", "ratio", "gke stack (createCluster false)", "ratio", "one-ConfigMap program (reference)"]);
    row(["---", "---", "---", "---", "---", "---", "---"]);
    // Every program under every setting in the same rounds: the settings are compared as fairly as the programs.
    const runs: Record<string, () => number> = {};
    for (const [label, env] of modes) {
        runs[`${label}/floor`] = () => pulumi(["preview", "--stack", "bench"], empty, env);
        runs[`${label}/openshift`] = () => pulumi(["preview", "--stack", "e2e-bench-openshift"], ROOT, env);
        runs[`${label}/gke`] = () => pulumi(["preview", "--stack", "e2e-bench-gke"], ROOT, env);
        runs[`${label}/oneObject`] = () => pulumi(["preview", "--stack", "bench"], oneObject, env);
    }
    const timesOf = rounds(runs);
    const previews: Record<string, number> = {};
    for (const [label] of modes) {
        const t = (what: string) => timesOf[`${label}/${what}`];
        previews[label] = t("openshift");
        row([`\`pulumi preview\`, ${label}`, fmt(t("floor")), fmt(t("openshift")), ratio(t("openshift"), t("floor")),
            fmt(t("gke")), ratio(t("gke"), t("floor")), `${fmt(t("oneObject"))} (${ratio(t("oneObject"), t("floor"))})`]);
    }
    const fastest = Math.min(...Object.values(previews));
    console.log(`\nproject's settings vs the fastest settings a user could choose (openshift preview): ` +
        `${ratio(previews[modes[0][0]], fastest)} (goal <= 1.2; goal for the stacks vs the empty program: <= 1.3)`);
    if (e2e.bin) {
        const start = Math.min(...Array.from({ length: RUNS }, () => providerStart(e2e.bin ?? "")));
        console.log(`the Kubernetes provider's own start (binary launched to port served), paid by any program with a Kubernetes object: ${fmt(start)}`);
    }

    const { hook, file } = rssHook(e2e.tmp);
    const withHook = { ...base, NODE_OPTIONS: `--require ${hook}` };
    pulumi(["up", "--yes", "--skip-preview", "--stack", "e2e-bench-openshift"], ROOT, base);
    // The second up and the preview are timed alike, without the memory hook; one more up measures memory.
    const t = rounds({
        secondUp: () => pulumi(["up", "--yes", "--skip-preview", "--stack", "e2e-bench-openshift"], ROOT, base),
        preview: () => pulumi(["preview", "--stack", "e2e-bench-openshift"], ROOT, base),
    });
    fs.rmSync(file, { force: true });
    pulumi(["up", "--yes", "--skip-preview", "--stack", "e2e-bench-openshift"], ROOT, withHook);
    const rssKiB = Math.max(...fs.readFileSync(file, "utf8").trim().split("\n").map(Number));
    console.log(`second \`pulumi up\` with no changes (openshift): ${fmt(t.secondUp)}; preview ${fmt(t.preview)}; ` +
        `ratio ${ratio(t.secondUp, t.preview)} (goal <= 1.0)`);
    console.log(`peak RSS of the program's Node.js process during up: ${(rssKiB / 1024).toFixed(0)} MiB (goal < 300 MB)`);
    pulumi(["destroy", "--yes", "--skip-preview", "--stack", "e2e-bench-openshift"], ROOT, base);
    for (const name of Object.keys(stacks)) pulumi(["stack", "rm", "--yes", "--force", "--stack", `e2e-bench-${name}`], ROOT, base);
}

/** The sections of the bench, in the order they run. */
const SECTIONS = ["mocked", "proxy", "engine"] as const;

/** The sections BENCH_ONLY names (all when it is unset or empty). */
function sections(): Set<string> {
    const named = (process.env.BENCH_ONLY ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
    for (const name of named) {
        if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`BENCH_ONLY: unknown section "${name}" (known: ${SECTIONS.join(", ")})`);
    }
    return new Set(named.length > 0 ? named : SECTIONS);
}

/** The browser's route to a sandbox: direct, through the adapter's proxy and through nginx (its own process). */
function proxy(): void {
    const run = spawnSync(process.execPath, [...MOCHA_PRELOADS.flatMap((m) => ["-r", m]), path.join(ROOT, "scripts", "bench", "proxy.bench.ts")],
        { cwd: ROOT, stdio: "inherit" });
    if (run.status !== 0) throw new Error(`the proxy bench failed (exit ${run.status ?? run.signal})`);
}

function main(): void {
    const wanted = sections();
    console.log(`# npm run bench: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${new Date().toISOString()}`);
    if (wanted.has("mocked")) mocked();
    if (wanted.has("proxy")) proxy();
    if (!wanted.has("engine") || process.env.BENCH_ENGINE === "0") return;
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
