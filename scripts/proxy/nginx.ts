/**
 * The real nginx binary run with a configuration of components/builders/proxy.ts, on the
 * loopback, in a fresh temporary directory (its pid file, temp directories and the config).
 * Started in its own process group so that stopping it, or a crash of the tests, never
 * leaves its workers behind. Used by the proxy tests (tests/proxy/) and the proxy bench.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { type ProxyConfigOptions, nginxArgs, nginxConfig } from "../../components/builders/proxy";

/** Where the binary is: `$OPENHANDS_NGINX`, else Debian's `/usr/sbin/nginx`, else `nginx` on PATH. */
export function nginxBinary(): string {
    const candidates = [process.env.OPENHANDS_NGINX, "/usr/sbin/nginx"].filter((c): c is string => !!c);
    for (const c of candidates) if (fs.existsSync(c)) return c;
    try {
        return execFileSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).trim();
    } catch {
        throw new Error("nginx not found: run `bash scripts/proxy/install-nginx.sh` as root (or set OPENHANDS_NGINX)");
    }
}

/** The version a binary reports (`1.22.1`; nginx prints it on stderr). */
export function nginxVersion(binary = nginxBinary()): string {
    const run = spawnSync(binary, ["-v"], { encoding: "utf8" });
    const text = `${run.stdout}${run.stderr}`;
    const match = /nginx\/(\d+\.\d+\.\d+)/.exec(text);
    if (!match) throw new Error(`cannot read the version of ${binary}: ${text}`);
    return match[1];
}

/** The release line install-nginx.sh pins (`1.22`). */
export function pinnedNginxLine(): string {
    return execFileSync("bash", [path.join(__dirname, "install-nginx.sh"), "--print"], { encoding: "utf8" }).trim();
}

/** A free TCP port on 127.0.0.1 below the ephemeral range (so it is never one the kernel hands out). */
export async function freeLowPort(): Promise<number> {
    for (let attempt = 0; attempt < 50; attempt++) {
        const port = 20000 + Math.floor(Math.random() * 12000);
        if (await canBind(port)) return port;
    }
    throw new Error("no free port found in 20000-31999");
}

/** A free TCP port on 127.0.0.1 above the ephemeral range (61000-65535). */
export async function freeHighPort(): Promise<number> {
    for (let attempt = 0; attempt < 50; attempt++) {
        const port = 61000 + Math.floor(Math.random() * 4536);
        if (await canBind(port)) return port;
    }
    throw new Error("no free port found in 61000-65535");
}

function canBind(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const probe = net.createServer();
        probe.once("error", () => resolve(false));
        probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
}

/** Whether a TCP connection to 127.0.0.1:`port` is accepted. */
function accepts(port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect({ host: "127.0.0.1", port });
        socket.once("connect", () => { socket.destroy(); resolve(true); });
        socket.once("error", () => resolve(false));
    });
}

/** The file in nginx's directory that receives its stdout (the access log). */
const ACCESS_LOG = "stdout.log";

const running = new Set<ChildProcess>();
process.on("exit", () => {
    for (const child of running) {
        try { process.kill(-child.pid!, "SIGKILL"); } catch { /* already gone */ }
    }
});

/** The options a test gives: everything but where nginx listens and writes, which the runner picks. */
export type TestProxyOptions = Omit<ProxyConfigOptions, "listenPorts" | "listenAddress" | "tempDir"> & { readonly listenPortCount?: number };

/** One running nginx. */
export class Nginx {
    /** Its error log (stderr), as written so far. */
    errorLog = "";
    private exited?: { code: number | null; signal: NodeJS.Signals | null };

    private constructor(
        readonly child: ChildProcess,
        /** The ports it listens on, on 127.0.0.1. */
        readonly ports: readonly number[],
        /** Its temporary directory (config, pid file, temp directories). */
        readonly dir: string,
        /** The configuration text it runs. */
        readonly config: string,
    ) {
        child.stderr!.on("data", (d: Buffer) => { this.errorLog += d.toString(); });
        child.on("exit", (code, signal) => { this.exited = { code, signal }; running.delete(child); });
    }

    /** The first listen port. */
    get port(): number {
        return this.ports[0];
    }

    /**
     * Writes the configuration for `options` (listening on 127.0.0.1, temp files in a fresh
     * directory) and starts nginx in the foreground; resolves once every port accepts
     * connections. Retries with other ports if one was taken meanwhile.
     */
    static async start(options: TestProxyOptions): Promise<Nginx> {
        const binary = nginxBinary();
        let lastError = "";
        for (let attempt = 0; attempt < 3; attempt++) {
            const ports: number[] = [];
            while (ports.length < (options.listenPortCount ?? 1)) {
                const p = await freeLowPort();
                if (!ports.includes(p) && p !== options.appPort) ports.push(p);
            }
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openhands-proxy-"));
            // A root master hands its temp directories to its workers' user (nobody): they must reach them.
            fs.chmodSync(dir, 0o755);
            const config = nginxConfig({ ...options, listenPorts: ports, listenAddress: "127.0.0.1", tempDir: dir });
            const file = path.join(dir, "nginx.conf");
            fs.writeFileSync(file, config);
            // The config opens /dev/stdout: a pipe in a container, a file here (Node's "pipe" is a
            // socket, which cannot be opened by path).
            const stdout = fs.openSync(path.join(dir, ACCESS_LOG), "a");
            const child = spawn(binary, nginxArgs(file), { detached: true, stdio: ["ignore", stdout, "pipe"] });
            fs.closeSync(stdout);
            running.add(child);
            const nginx = new Nginx(child, ports, dir, config);
            const deadline = Date.now() + 10000;
            for (;;) {
                if (nginx.exited) break;
                if ((await Promise.all(ports.map(accepts))).every(Boolean)) return nginx;
                if (Date.now() > deadline) break;
                await new Promise((r) => setTimeout(r, 50));
            }
            await nginx.stop();
            lastError = nginx.errorLog;
            if (!/Address already in use/.test(lastError)) break;
        }
        throw new Error(`nginx did not start; its error log:\n${lastError}`);
    }

    /** Pids of its worker processes (children of the master), read from /proc. */
    workerPids(): number[] {
        const master = this.child.pid!;
        return fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e)).filter((pid) => {
            try {
                const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
                return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === master;
            } catch {
                return false;
            }
        }).map(Number);
    }

    /** Stops nginx (fast shutdown, then SIGKILL to its whole group) and removes its directory. */
    async stop(): Promise<void> {
        const pid = this.child.pid;
        if (!this.exited && pid !== undefined) {
            try { process.kill(pid, "SIGTERM"); } catch { /* gone */ }
            const deadline = Date.now() + 5000;
            while (!this.exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        }
        if (pid !== undefined) {
            try { process.kill(-pid, "SIGKILL"); } catch { /* the group is gone */ }
        }
        running.delete(this.child);
        fs.rmSync(this.dir, { recursive: true, force: true });
    }

    /** Its access log (what it wrote to stdout) so far. */
    accessLog(): string {
        try {
            return fs.readFileSync(path.join(this.dir, ACCESS_LOG), "utf8");
        } catch {
            return "(gone)\n";
        }
    }

    /** Its logs and configuration, for a failed test's output (read before `stop`). */
    logs(): string {
        return `--- nginx error log ---\n${this.errorLog}--- nginx access log ---\n${this.accessLog()}--- nginx.conf ---\n${this.config}`;
    }
}
