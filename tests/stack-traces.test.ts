/** Failing tests point at their TypeScript lines (tests/support/fast-stack-traces.ts). */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { formatterSlot, NOT_RENDERED, renderPromiseStacksOnlyWhenDebugging } from "../program/promise-stacks";

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

/** The stack the SDK records on a promise it makes (read only by its leak report). */
function sdkPromiseStack(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
        debuggablePromise: <T>(p: Promise<T>, ctx: string) => Promise<T>;
    };
    const made = Promise.resolve(1);
    void debuggable.debuggablePromise(made, "a promise of this test");
    return (made as Promise<number> & { _debugStackTrace: string })._debugStackTrace;
}

describe("the SDK's promise stacks (program/promise-stacks.ts)", () => {
    it("are one line, not rendered, unless PULUMI_DEBUG_PROMISE_LEAKS is set", () => {
        assert.strictEqual(sdkPromiseStack(), `Error\n${NOT_RENDERED}`);
    });

    it("leave every other stack to the formatter that was installed, and install once", () => {
        const installed = formatterSlot.prepareStackTrace;
        try {
            const formatter = (error: Error) => `formatted ${error.message}`;
            formatterSlot.prepareStackTrace = formatter;
            renderPromiseStacksOnlyWhenDebugging();
            const wrapper = formatterSlot.prepareStackTrace;
            assert.notStrictEqual(wrapper, formatter);
            assert.strictEqual(new Error("by the test").stack, "formatted by the test");
            renderPromiseStacksOnlyWhenDebugging();
            assert.strictEqual(formatterSlot.prepareStackTrace, wrapper, "a second install wraps nothing more");
        } finally {
            formatterSlot.prepareStackTrace = installed;
        }
    });

    it("are rendered in full when PULUMI_DEBUG_PROMISE_LEAKS is set (nothing is installed)", () => {
        const installed = formatterSlot.prepareStackTrace;
        try {
            process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
            const formatter = (_error: Error, frames: NodeJS.CallSite[]) => frames.map((frame) => `${frame.getFileName()}:${frame.getLineNumber()}`).join("\n");
            formatterSlot.prepareStackTrace = formatter;
            renderPromiseStacksOnlyWhenDebugging();
            assert.strictEqual(formatterSlot.prepareStackTrace, formatter);
            assert.match(sdkPromiseStack(), /debuggable\.js:\d+/);
        } finally {
            delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
            formatterSlot.prepareStackTrace = installed;
        }
    });
});
