/**
 * Benchmark: how long the program takes to evaluate each stack under mocks, and
 * what the whole `npm test` costs. Prints figures and ratios from one run; it
 * asserts nothing (these machines are shared and noisy).
 *
 *   npm run bench            # 20 evaluations per stack
 *   BENCH_RUNS=50 npm run bench
 */
import { spawnSync } from "child_process";
import { performance } from "perf_hooks";
import { runStack } from "../tests/support/stack";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

async function timeStack(stack: string, overrides: Record<string, string>): Promise<number[]> {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        await runStack(stack, overrides);
        times.push(performance.now() - start);
    }
    return times;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
    const loadStart = performance.now();
    await runStack("openshift"); // first run pays for loading the SDKs
    const firstRun = performance.now() - loadStart;

    const openshift = await timeStack("openshift", {});
    const gke = await timeStack("gke", { "gcp:project": "demo-project" });
    const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
    const rssMb = process.memoryUsage().rss / 2 ** 20;

    const suiteStart = performance.now();
    const suite = spawnSync("npx", ["mocha", "--reporter", "dot"], { encoding: "utf8" });
    const suiteMs = performance.now() - suiteStart;

    console.log(`mocked evaluations per stack: ${RUNS}`);
    console.log(`first evaluation (SDK load included): ${firstRun.toFixed(0)} ms`);
    console.log(`openshift stack, median: ${median(openshift).toFixed(1)} ms`);
    console.log(`gke stack (with cluster), median: ${median(gke).toFixed(1)} ms`);
    console.log(`ratio gke / openshift: ${(median(gke) / median(openshift)).toFixed(2)}`);
    console.log(`ratio first / warm openshift: ${(firstRun / median(openshift)).toFixed(1)}`);
    console.log(`heap used after ${2 * RUNS + 1} evaluations: ${heapMb.toFixed(0)} MiB, rss ${rssMb.toFixed(0)} MiB`);
    console.log(`npm test (mocha, transpile-only) wall time: ${(suiteMs / 1000).toFixed(1)} s, exit ${suite.status}`);
}

main().catch((err) => { console.error(err); process.exit(1); });
