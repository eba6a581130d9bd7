/** The SDK's code-path module loads on first use (program/lazy-code-paths.ts). */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { loadOnFirstCall, SDK_CODE_PATHS, sdkCodePathsFile } from "../program/lazy-code-paths";

const COUNTED = require.resolve("./support/counted-module");
const counter = globalThis as { countedModuleLoads?: number };
const loads = () => counter.countedModuleLoads ?? 0;

/** The counted module as `require` gives it now. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const counted = () => require(COUNTED) as { add(a: number, b: number): number; __esModule?: boolean };

describe("a module that loads on first call (program/lazy-code-paths.ts)", () => {
    beforeEach(() => delete require.cache[COUNTED]);
    after(() => delete require.cache[COUNTED]);

    it("stands in for the module until one of its functions is called, then calls the module's own", () => {
        const before = loads();
        assert.strictEqual(loadOnFirstCall(COUNTED, ["add"]), true);
        const standIn = counted();
        assert.strictEqual(loads(), before, "requiring it loads nothing");
        assert.strictEqual(standIn.__esModule, true, "TypeScript's import helpers take it as it is");
        assert.strictEqual(standIn.add(2, 3), 5);
        assert.strictEqual(loads(), before + 1, "the first call loads the module");
        assert.notStrictEqual(counted(), standIn, "the module cache holds the real module from then on");
        assert.strictEqual(standIn.add(4, 5), 9);
        assert.strictEqual(loads(), before + 1, "once");
    });

    it("installing it twice keeps the one stand-in", () => {
        assert.strictEqual(loadOnFirstCall(COUNTED, ["add"]), true);
        const standIn = counted();
        assert.strictEqual(loadOnFirstCall(COUNTED, ["add"]), true);
        assert.strictEqual(counted(), standIn);
    });

    it("leaves a module that is loaded already as it is", () => {
        const real = counted();
        assert.strictEqual(loadOnFirstCall(COUNTED, ["add"]), false);
        assert.strictEqual(counted(), real);
    });

    it("does nothing for a file that does not exist", () => {
        const missing = path.join(path.dirname(COUNTED), "no-such-module.js");
        assert.strictEqual(loadOnFirstCall(missing, ["add"]), false);
        assert.strictEqual(require.cache[missing], undefined);
    });
});

describe("the SDK's code-path module in the test runs (tests/support/lazy-code-paths.ts)", () => {
    const file = sdkCodePathsFile() ?? "the SDK's code-path module";

    it("the stand-in forwards every export of the SDK's module (a new SDK export fails here)", () => {
        const text = fs.readFileSync(file, "utf8");
        const exported = new Set([...text.matchAll(/\bexports\.(\w+) =/g)].map((m) => m[1]));
        assert.deepStrictEqual([...exported].sort(), [...SDK_CODE_PATHS].sort());
    });

    it("the SDK's index took the stand-in, and npm's dependency-tree reader is not loaded", () => {
        const standIn = require.cache[file]?.exports as Record<string, unknown>;
        assert.strictEqual(pulumi.runtime.computeCodePaths, standIn.computeCodePaths);
        assert.deepStrictEqual(Object.keys(require.cache).filter((f) => f.includes("node_modules/@npmcli/arborist/")), []);
    });
});
