/**
 * Benchmark of the browser's route to a sandbox: what the adapter's proxy (adapter/proxy.ts)
 * costs next to going straight to the sandbox's port and next to the docker mode's nginx
 * (the configuration components/builders/proxy.ts builds, run by the real binary). Prints a
 * Markdown table and asserts nothing.
 *
 *   BENCH_ONLY=proxy npm run bench                          this section alone, through bench.ts
 *   npx ts-node --transpile-only scripts/bench/proxy.bench.ts   the same, directly
 *   BENCH_RUNS=9 ...                                        rounds (default 7); the best of each figure is taken
 *
 * One upstream on the loopback stands in for a sandbox: an HTTP server answering every GET
 * with its path, and a WebSocket echo. It runs in a process of its own, and so does the
 * adapter's proxy (as in its pod, logging its JSON lines to a file, with a resolver that maps
 * the sandbox name to 127.0.0.1 without a Kubernetes API); nginx runs as its own master and one
 * worker. The load comes from this process. Each round measures the three paths one after
 * the other, so a burst of load from other work on the machine lands on all of them:
 *   (a) direct:  http://127.0.0.1:<upstream>/echo
 *   (b) adapter: http://127.0.0.1:<adapter>/sandbox/<name>/echo
 *   (c) nginx:   http://127.0.0.1:<nginx>/runtime/<upstream>/echo (skipped when nginx is not installed)
 * Figures: HTTP latency (sequential GETs on one keep-alive connection: median and p99), HTTP
 * throughput (32 concurrent keep-alive connections), WebSocket round trip (sequential echoes
 * on one connection: median) and WebSocket throughput (32 messages in flight on one
 * connection). Goals: the adapter's HTTP throughput at least half of nginx's, and its added
 * median latency over the direct path under 1 ms.
 */
import { type ChildProcess, fork } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type * as net from "net";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { jsonLogger } from "../../adapter/log";
import { startProxy } from "../../adapter/proxy";
import { sandboxName } from "../../adapter/sandbox-objects";
import { EPHEMERAL_PORTS, inPortRange } from "../../components/builders/proxy";
import { Nginx, freeLowPort, nginxBinary } from "../proxy/nginx";
import { acceptUpgrade, connectWebSocket } from "../proxy/websocket";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** Sequential requests (and WebSocket echoes) per path and round. */
const SEQUENTIAL = 1000;
/** Concurrent connections (or messages in flight) of the throughput figures. */
const CONCURRENCY = 32;
/** Length of each throughput measurement, in milliseconds. */
const WINDOW_MS = 1000;
const NAME = sandboxName("proxy bench");

/** The roles this file plays in a child process. */
type Role = "upstream" | "adapter";

/** Child: the stand-in sandbox (HTTP path echo and WebSocket echo) on an ephemeral loopback port. */
async function upstream(): Promise<number> {
    const server = http.createServer((req, res) => {
        req.resume();
        res.setHeader("Content-Type", "text/plain");
        res.end(req.url);
    });
    server.keepAliveTimeout = 120_000;
    server.on("upgrade", (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
        const ws = acceptUpgrade(req, socket, head);
        ws?.onText((text) => ws.sendText(text));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
}

/** Child: the adapter's proxy, every port of the sandbox mapped to the upstream's. */
async function adapter(upstreamPort: number): Promise<number> {
    const resolver = { resolve: () => Promise.resolve({ host: "127.0.0.1" }) };
    const ports = { agentServer: upstreamPort, vscode: upstreamPort, worker1: upstreamPort, worker2: upstreamPort };
    const proxy = await startProxy({ resolver, ports, logger: jsonLogger() }, 0, "127.0.0.1");
    return proxy.port;
}

/** Starts this file as a child in `role`; resolves with the port it listens on. */
function child(role: Role, args: string[], stdout: number): Promise<{ process: ChildProcess; port: number }> {
    const proc = fork(__filename, [role, ...args], {
        execArgv: ["-r", "ts-node/register/transpile-only"], stdio: ["ignore", stdout, "inherit", "ipc"],
    });
    return new Promise((resolve, reject) => {
        proc.once("message", (m: { port: number }) => resolve({ process: proc, port: m.port }));
        proc.once("exit", (code) => reject(new Error(`the ${role} child exited (${code}) before listening`)));
    });
}

/** One GET through `agent`; resolves once the whole answer is read. */
function get(agent: http.Agent, port: number, target: string): Promise<void> {
    return new Promise((resolve, reject) => {
        http.get({ host: "127.0.0.1", port, path: target, agent }, (res) => {
            if (res.statusCode !== 200) reject(new Error(`${target}: HTTP ${res.statusCode}`));
            res.resume();
            res.on("end", resolve);
        }).on("error", reject);
    });
}

function quantile(sorted: readonly number[], q: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function nowMs(): number {
    return Number(process.hrtime.bigint()) / 1e6;
}

/** A path to measure: where to connect and the request target. */
interface Path {
    readonly label: string;
    readonly port: number;
    readonly target: string;
}

/** The figures of one path in one round. */
interface Figures {
    httpMedian: number;
    httpP99: number;
    httpRate: number;
    wsMedian: number;
    wsRate: number;
}

async function httpLatency(p: Path): Promise<{ median: number; p99: number }> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
        for (let i = 0; i < 50; i++) await get(agent, p.port, p.target);
        const times: number[] = [];
        for (let i = 0; i < SEQUENTIAL; i++) {
            const started = nowMs();
            await get(agent, p.port, p.target);
            times.push(nowMs() - started);
        }
        times.sort((a, b) => a - b);
        return { median: quantile(times, 0.5), p99: quantile(times, 0.99) };
    } finally {
        agent.destroy();
    }
}

async function httpThroughput(p: Path): Promise<number> {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    try {
        // Open every connection before the clock starts.
        await Promise.all(Array.from({ length: CONCURRENCY * 2 }, () => get(agent, p.port, p.target)));
        let done = 0;
        const started = nowMs();
        const deadline = started + WINDOW_MS;
        await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
            while (nowMs() < deadline) {
                await get(agent, p.port, p.target);
                done++;
            }
        }));
        return done / ((nowMs() - started) / 1000);
    } finally {
        agent.destroy();
    }
}

async function wsLatency(p: Path): Promise<number> {
    const ws = await connectWebSocket({ host: "127.0.0.1", port: p.port, path: p.target });
    try {
        const message = "m".repeat(64);
        for (let i = 0; i < 50; i++) {
            ws.sendText(message);
            await ws.nextMessage();
        }
        const times: number[] = [];
        for (let i = 0; i < SEQUENTIAL; i++) {
            const started = nowMs();
            ws.sendText(message);
            await ws.nextMessage();
            times.push(nowMs() - started);
        }
        times.sort((a, b) => a - b);
        return quantile(times, 0.5);
    } finally {
        ws.close();
        await ws.closed;
    }
}

async function wsThroughput(p: Path): Promise<number> {
    const ws = await connectWebSocket({ host: "127.0.0.1", port: p.port, path: p.target });
    try {
        const message = "m".repeat(64);
        let received = 0;
        let started = 0;
        let deadline = 0;
        const finished = new Promise<number>((resolve) => {
            let inFlight = 0;
            ws.onText(() => {
                inFlight--;
                if (started > 0) received++;
                if (nowMs() < deadline) {
                    ws.sendText(message);
                    inFlight++;
                } else if (inFlight === 0) {
                    resolve(nowMs());
                }
            });
            started = nowMs();
            deadline = started + WINDOW_MS;
            for (let i = 0; i < CONCURRENCY; i++) {
                ws.sendText(message);
                inFlight++;
            }
        });
        const ended = await finished;
        return received / ((ended - started) / 1000);
    } finally {
        ws.close();
        await ws.closed;
    }
}

async function measure(p: Path): Promise<Figures> {
    const latency = await httpLatency(p);
    const httpRate = await httpThroughput(p);
    const wsMedian = await wsLatency(p);
    const wsRate = await wsThroughput(p);
    return { httpMedian: latency.median, httpP99: latency.p99, httpRate, wsMedian, wsRate };
}

/** The best of each figure over the rounds: the lowest times, the highest rates. */
function best(rounds: readonly Figures[]): Figures {
    const min = (k: keyof Figures) => Math.min(...rounds.map((r) => r[k]));
    const max = (k: keyof Figures) => Math.max(...rounds.map((r) => r[k]));
    return { httpMedian: min("httpMedian"), httpP99: min("httpP99"), httpRate: max("httpRate"), wsMedian: min("wsMedian"), wsRate: max("wsRate") };
}

const ms = (v: number) => `${v.toFixed(3)} ms`;
const rate = (v: number) => `${Math.round(v).toLocaleString("en-US")}/s`;
const row = (cells: string[]) => console.log(`| ${cells.join(" | ")} |`);

/** Whether nginx can be run here (the message says why not). */
function nginxAvailable(): true | string {
    try {
        nginxBinary();
        return true;
    } catch (err) {
        return (err as Error).message;
    }
}

async function main(): Promise<void> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "proxy-bench-"));
    const logFile = fs.openSync(path.join(tmp, "adapter.log"), "a");
    const children: ChildProcess[] = [];
    let nginx: Nginx | undefined;
    try {
        const up = await child("upstream", [], logFile);
        children.push(up.process);
        const ad = await child("adapter", [String(up.port)], logFile);
        children.push(ad.process);
        const paths: Path[] = [
            { label: "direct to the upstream", port: up.port, target: "/echo" },
            { label: "the adapter's proxy, `/sandbox/<name>/echo`", port: ad.port, target: `/sandbox/${NAME}/echo` },
        ];
        const available = nginxAvailable();
        if (available === true) {
            // The docker mode's configuration; the upstream's port is one the kernel handed out, as Docker's are.
            const runtimePorts = inPortRange(up.port, EPHEMERAL_PORTS) ? EPHEMERAL_PORTS : { min: up.port, max: up.port };
            if (runtimePorts !== EPHEMERAL_PORTS) console.log(`(the upstream's port ${up.port} is outside ${EPHEMERAL_PORTS.min}-${EPHEMERAL_PORTS.max}: nginx proxies that port alone)`);
            nginx = await Nginx.start({ appPort: await freeLowPort(), runtimePorts, readTimeoutSeconds: 3600 });
            paths.push({ label: "nginx, docker mode, `/runtime/<port>/echo`", port: nginx.port, target: `/runtime/${up.port}/echo` });
        } else {
            console.log(`\nnginx figures skipped: ${available}`);
        }
        const rounds = paths.map(() => [] as Figures[]);
        for (let r = 0; r < RUNS; r++) {
            for (const [i, p] of paths.entries()) rounds[i].push(await measure(p));
        }
        const figures = rounds.map(best);
        console.log(`\n## The browser's route to a sandbox (${RUNS} interleaved rounds, best of each figure taken; ${os.cpus().length} cores, Node.js ${process.version})\n`);
        row(["path", "HTTP median", "HTTP p99", `HTTP requests/s (${CONCURRENCY} connections)`, "WebSocket median round trip", `WebSocket messages/s (${CONCURRENCY} in flight)`]);
        row(["---", "---", "---", "---", "---", "---"]);
        for (const [i, p] of paths.entries()) {
            const f = figures[i];
            row([p.label, ms(f.httpMedian), ms(f.httpP99), rate(f.httpRate), ms(f.wsMedian), rate(f.wsRate)]);
        }
        const [direct, viaAdapter, viaNginx] = figures;
        const added = viaAdapter.httpMedian - direct.httpMedian;
        console.log();
        if (viaNginx) {
            const ratio = viaAdapter.httpRate / viaNginx.httpRate;
            console.log(`adapter/nginx HTTP throughput: ${ratio.toFixed(2)} (goal >= 0.5): ${ratio >= 0.5 ? "met" : "missed"}`);
            console.log(`adapter/nginx WebSocket messages/s: ${(viaAdapter.wsRate / viaNginx.wsRate).toFixed(2)} (for reference)`);
            console.log(`nginx's added median HTTP latency over direct: ${ms(viaNginx.httpMedian - direct.httpMedian)} (for reference)`);
        } else {
            console.log("adapter/nginx HTTP throughput: not measured (no nginx)");
        }
        console.log(`the adapter's added median HTTP latency over direct: ${ms(added)} (goal < 1 ms): ${added < 1 ? "met" : "missed"}`);
        console.log(`the adapter's added median WebSocket round trip over direct: ${ms(viaAdapter.wsMedian - direct.wsMedian)} (for reference)`);
    } finally {
        await nginx?.stop();
        for (const c of children) c.kill();
        fs.closeSync(logFile);
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

const role = process.argv[2] as Role | undefined;
if (role === "upstream" || role === "adapter") {
    const started = role === "upstream" ? upstream() : adapter(Number(process.argv[3]));
    started.then((port) => process.send?.({ port }), (err: unknown) => {
        console.error(err);
        process.exit(1);
    });
    // The parent's end is this child's end.
    process.on("disconnect", () => process.exit(0));
} else {
    main().catch((err: unknown) => {
        console.error(err);
        process.exit(1);
    });
}
