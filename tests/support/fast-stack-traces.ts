/**
 * Source-mapped stack traces for the test runs, at a fraction of their usual cost.
 *
 * ts-node maps every frame of every stack through @cspotcode/source-map-support, which
 * clones each call site and turns its file name into a URL for every frame, every time.
 * The Pulumi SDK formats a stack for each promise it makes (`runtime/debuggable`) and for
 * each resource it registers (`Resource.callsites`, with no depth limit), so under mocks
 * that formatting was half of `npm test`'s CPU time. This formatter keeps the mapping (a
 * failing test still points at its .ts line) but maps each distinct position once, and
 * leaves frames outside the TypeScript files ts-node compiled as V8 prints them. The SDK's
 * promise stacks, which nothing reads unless PULUMI_DEBUG_PROMISE_LEAKS is set, are recorded
 * without frames (program/promise-stacks.ts, which the program installs under Pulumi too):
 * mocha lifts V8's frame limit to Infinity, so each would otherwise capture the whole stack.
 *
 * Loaded by mocha (`require` in .mocharc.json, after ts-node) and by `npm run bench`'s
 * mocked figures; the deploy path (Pulumi's own runtime) never loads it.
 */
import * as path from "path";
import { recordPromiseStacksOnlyWhenDebugging } from "../../program/promise-stacks";

interface Position { source: string; line: number; column: number }
interface SourceMapSupport { mapSourcePosition(position: Position): Position }

// The very instance ts-node installed (it reads ts-node's in-memory output), wherever npm put it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const support = require(require.resolve("@cspotcode/source-map-support", {
    paths: [path.dirname(require.resolve("ts-node"))],
})) as SourceMapSupport;

/** A V8 call site; its `toString` is V8's own rendering of the frame. */
type Frame = NodeJS.CallSite & { toString(): string };

const mapped = new Map<string, string>();

/** The frame as V8 prints it, with a TypeScript file's position replaced by its source position. */
function formatFrame(frame: Frame): string {
    const text = frame.toString();
    const file = frame.getFileName();
    if (!file || !(file.endsWith(".ts") || file.endsWith(".tsx"))) return text;
    const compiled = `${file}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
    const at = text.lastIndexOf(compiled);
    if (at < 0) return text;
    let original = mapped.get(compiled);
    if (original === undefined) {
        const position = support.mapSourcePosition({
            source: file, line: frame.getLineNumber() ?? 0, column: (frame.getColumnNumber() ?? 1) - 1,
        });
        original = `${position.source}:${position.line}:${position.column + 1}`;
        mapped.set(compiled, original);
    }
    return text.slice(0, at) + original + text.slice(at + compiled.length);
}

Error.prepareStackTrace = (error: Error, frames: Frame[]): string => {
    const header = Error.prototype.toString.call(error);
    let stack = header;
    for (const frame of frames) stack += `\n    at ${formatFrame(frame)}`;
    return stack;
};

recordPromiseStacksOnlyWhenDebugging();
