/**
 * The adapter's tests call it the way OpenHands' app does (CrazyForks/OpenHands,
 * openhands/app_server/sandbox/remote_sandbox_service.py at 1.8.0 and 1.11.0's commit
 * 11ca68ab2e15): JSON over HTTP with `X-API-Key`, the /start body the app builds, repeated
 * `ids` for the batch, `{runtime_id}` for pause/resume/stop. Loopback only, bounded time.
 */
import * as http from "http";

/** What came back. */
export interface Reply {
    status: number;
    json: any;
    contentType: string | undefined;
}

/** One call to the adapter at `base`. */
export function call(base: string, method: string, path: string, options: { key?: string | null; body?: unknown; raw?: string } = {}): Promise<Reply> {
    const url = new URL(path, base);
    const payload = options.raw !== undefined ? Buffer.from(options.raw) : options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string> = {};
    if (options.key !== null && options.key !== undefined) headers["X-API-Key"] = options.key;
    if (payload) {
        headers["Content-Type"] = "application/json";
        headers["Content-Length"] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
        const req = http.request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, timeout: 10_000, agent: false }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined, contentType: res.headers["content-type"] });
            });
        });
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", reject);
        if (payload) req.write(payload);
        req.end();
    });
}

/** The /start body the app sends (start_sandbox), with the environment its spec service builds. */
export function appStartBody(sessionId: string, extraEnv: Record<string, string> = {}): Record<string, unknown> {
    return {
        image: "ghcr.io/openhands/agent-server:1.34.0-python",
        command: ["/usr/local/bin/openhands-agent-server", "--port", "60000"],
        working_dir: "/workspace",
        environment: {
            OPENVSCODE_SERVER_ROOT: "/openhands/.openvscode-server",
            LOG_JSON: "true",
            OH_ENABLE_VNC: "0",
            OH_CONVERSATIONS_PATH: "/workspace/conversations",
            OH_BASH_EVENTS_DIR: "/workspace/bash_events",
            OH_VSCODE_PORT: "60001",
            LLM_API_KEY: "sk-test-very-secret-llm-key",
            OH_WEBHOOKS_0_BASE_URL: "https://openhands.example.com/api/v1/webhooks",
            OH_ALLOW_CORS_ORIGINS_0: "https://openhands.example.com",
            WORKER_1: "12000",
            WORKER_2: "12001",
            ...extraEnv,
        },
        session_id: sessionId,
        resource_factor: 1,
        run_as_user: 10001,
        run_as_group: 10001,
        fs_group: 10001,
    };
}
