/** Failing tests point at their TypeScript lines (tests/support/fast-stack-traces.ts). */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

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
