/** Failing tests point at their TypeScript lines (tests/support/fast-stack-traces.ts). */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { recordPromiseStacksOnlyWhenDebugging } from "../program/promise-stacks";
import { runStack } from "./support/stack";

/** `file:line` of the line of this file that holds `marker`. */
function sourceLine(marker: string): string {
    const lines = fs.readFileSync(__filename, "utf8").split("\n");
    const index = lines.findIndex((line) => line.includes(marker) && !line.includes("sourceLine("));
    return `${path.basename(__filename)}:${index + 1}`;
}

/** The `file:line` of the frame that made `error`. */
function topFrame(error: Error): string {
    const frame = (error.stack ?? "").split("\n")[1] ?? "";
    const match = /\(?([^()\s]+):(\d+):\d+\)?$/.exec(frame.trim());
    return match ? `${path.basename(match[1])}:${match[2]}` : frame;
}

describe("stack traces in the test runs", () => {
    it("name the TypeScript source line, not the transpiled one", () => {
        const error = new Error("made at marker-one");
        assert.strictEqual(topFrame(error), sourceLine("marker-one"));
    });

    it("map a position again from the cache, the same way", () => {
        const positions = [0, 1].map(() => topFrame(new Error("made at marker-two")));
        assert.deepStrictEqual(positions, [sourceLine("marker-two"), sourceLine("marker-two")]);
    });
});

/** The SDK's module that records a stack on each promise it makes (read only by its leak report). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise: <T>(p: Promise<T>, ctx: string) => Promise<T>;
};

/** The stack recorded on `promise` by the SDK. */
function recordedStack(promise: Promise<unknown>): string {
    return (promise as Promise<unknown> & { _debugStackTrace: string })._debugStackTrace;
}

/** The stack the SDK records on a promise it makes now. */
function sdkPromiseStack(): string {
    const made = Promise.resolve(1);
    void debuggable.debuggablePromise(made, "a promise of this test");
    return recordedStack(made);
}

/** A stand-in for the SDK's module whose function records a full stack, as the SDK's does. */
function fakeDebuggable(): { debuggablePromise: unknown } {
    return {
        debuggablePromise: <T>(promise: Promise<T>) => {
            (promise as Promise<T> & { _debugStackTrace?: string })._debugStackTrace = new Error().stack;
            return promise;
        },
    };
}

describe("the SDK's promise stacks (program/promise-stacks.ts)", () => {
    it("are recorded without frames unless PULUMI_DEBUG_PROMISE_LEAKS is set", () => {
        assert.strictEqual(sdkPromiseStack(), "Error");
    });

    it("put V8's frame limit back, so every other stack keeps its frames", () => {
        const limit = Error.stackTraceLimit;
        sdkPromiseStack();
        assert.strictEqual(Error.stackTraceLimit, limit);
        const error = new Error("made at marker-three");
        assert.strictEqual(topFrame(error), sourceLine("marker-three"));
    });

    it("are recorded without frames for the promises the SDK makes while a stack runs", async () => {
        const stacks: string[] = [];
        const installed = debuggable.debuggablePromise;
        // A spy around the installed function proves the SDK's callers look it up at each call.
        debuggable.debuggablePromise = (promise, ctx) => {
            const made = installed(promise, ctx);
            stacks.push(recordedStack(promise));
            return made;
        };
        try {
            // A namespace no other test asks for: a run of its own, not one shared with another test.
            await runStack("openshift", { "openhands:namespace": "promise-stacks-test" });
        } finally {
            debuggable.debuggablePromise = installed;
        }
        assert.ok(stacks.length > 50, `the SDK made ${stacks.length} promises`);
        assert.deepStrictEqual([...new Set(stacks)], ["Error"]);
    });

    it("replace the SDK's function once, however often they are installed", () => {
        const sdk = fakeDebuggable();
        assert.strictEqual(recordPromiseStacksOnlyWhenDebugging(sdk), true);
        const replacement = sdk.debuggablePromise;
        assert.strictEqual(recordPromiseStacksOnlyWhenDebugging(sdk), true);
        assert.strictEqual(sdk.debuggablePromise, replacement);
        const made = Promise.resolve(2);
        void (replacement as (p: Promise<number>) => Promise<number>)(made);
        assert.strictEqual(recordedStack(made), "Error");
    });

    it("are recorded in full when PULUMI_DEBUG_PROMISE_LEAKS is set (nothing is replaced)", () => {
        const sdk = fakeDebuggable();
        const original = sdk.debuggablePromise;
        try {
            process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
            assert.strictEqual(recordPromiseStacksOnlyWhenDebugging(sdk), false);
        } finally {
            delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        }
        assert.strictEqual(sdk.debuggablePromise, original);
        const made = Promise.resolve(3);
        void (original as (p: Promise<number>) => Promise<number>)(made);
        assert.match(recordedStack(made), /stack-traces\.test\.ts:\d+/);
    });

    it("put V8's frame limit back when the SDK's function throws", () => {
        const limit = Error.stackTraceLimit;
        const sdk = { debuggablePromise: () => { throw new Error("refused by the stand-in"); } };
        recordPromiseStacksOnlyWhenDebugging(sdk);
        assert.throws(() => (sdk.debuggablePromise as (p: Promise<number>) => Promise<number>)(Promise.resolve(4)), /refused by the stand-in/);
        assert.strictEqual(Error.stackTraceLimit, limit);
    });

    it("leave an SDK without the function as it is", () => {
        const sdk = {};
        assert.strictEqual(recordPromiseStacksOnlyWhenDebugging(sdk), false);
        assert.deepStrictEqual(sdk, {});
    });
});
