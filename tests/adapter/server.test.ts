/** The adapter's HTTP server: bounded bodies, JSON logs without secrets, graceful close. */
import * as assert from "assert";
import * as http from "http";
import { type Logger } from "../../adapter/log";
import { type ApiRequest, type ApiResponse, type RuntimeApi } from "../../adapter/runtime-api";
import { MAX_BODY_BYTES, startServer } from "../../adapter/server";
import { call } from "./app-client";

/** A stand-in for the runtime API that answers after `delayMs`, echoing what it was given. */
function slowApi(delayMs: number, seen: ApiRequest[]): RuntimeApi {
    return {
        handle: (req: ApiRequest) => new Promise<ApiResponse>((resolve) => {
            seen.push(req);
            setTimeout(() => resolve({ status: 200, body: { ok: true } }), delayMs);
        }),
    } as unknown as RuntimeApi;
}

describe("adapter: the HTTP server", function () {
    this.timeout(10_000);
    const lines: string[] = [];
    const logger: Logger = { log: (level, msg, fields) => lines.push(JSON.stringify({ level, msg, ...fields })) };

    beforeEach(() => {
        lines.length = 0;
    });

    it("hands the API the method, the path, the repeated query, the key header and the parsed body", async () => {
        const seen: ApiRequest[] = [];
        const server = await startServer(slowApi(0, seen), logger, 0, "127.0.0.1");
        try {
            const reply = await call(`http://127.0.0.1:${server.port}`, "POST", "/sessions/batch?ids=a&ids=b", { key: "k-123", body: { x: 1 } });
            assert.strictEqual(reply.status, 200);
            assert.strictEqual(seen[0].method, "POST");
            assert.strictEqual(seen[0].path, "/sessions/batch");
            assert.deepStrictEqual(seen[0].query.getAll("ids"), ["a", "b"]);
            assert.strictEqual(seen[0].apiKey, "k-123");
            assert.deepStrictEqual(seen[0].body, { x: 1 });
            // One log line: method, path, status, time; no query, no key, no body.
            assert.strictEqual(lines.length, 1);
            const line = JSON.parse(lines[0]);
            assert.deepStrictEqual(Object.keys(line).sort(), ["level", "method", "ms", "msg", "path", "status"]);
            assert.ok(!lines[0].includes("k-123") && !lines[0].includes("ids="));
        } finally {
            await server.close(100);
        }
    });

    it("refuses a body over the limit with 413, before the API sees it", async () => {
        const seen: ApiRequest[] = [];
        const server = await startServer(slowApi(0, seen), logger, 0, "127.0.0.1");
        try {
            const reply = await call(`http://127.0.0.1:${server.port}`, "POST", "/start", { key: "k", raw: `"${"x".repeat(MAX_BODY_BYTES)}"` });
            assert.strictEqual(reply.status, 413);
            assert.strictEqual(seen.length, 0);
        } finally {
            await server.close(100);
        }
    });

    it("closes gracefully: an in-flight request finishes, new connections are refused", async () => {
        const server = await startServer(slowApi(300, []), logger, 0, "127.0.0.1");
        const base = `http://127.0.0.1:${server.port}`;
        const inFlight = call(base, "GET", "/list", { key: "k" });
        await new Promise((r) => setTimeout(r, 50));
        const began = Date.now();
        const closed = server.close(5_000);
        const reply = await inFlight;
        assert.strictEqual(reply.status, 200);
        await closed;
        assert.ok(Date.now() - began < 2_000, "closed without waiting for the grace period");
        await assert.rejects(new Promise((resolve, reject) => {
            http.get(`${base}/healthz`, { agent: false }, resolve).on("error", reject);
        }), /ECONNREFUSED/);
    });
});
