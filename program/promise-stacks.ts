/**
 * The Pulumi SDK records a stack trace on every promise it makes (`runtime/debuggable`:
 * `new Error().stack`, several per resource), for a promise-leak report that prints those
 * stacks only when PULUMI_DEBUG_PROMISE_LEAKS is set. Reading `.stack` renders the trace at
 * once, and under ts-node every frame is source-mapped: about a quarter of the program's CPU
 * while it builds its resources, and a tenth of `npm test`'s. Unless that variable is set,
 * these stacks render as one line; every other stack renders exactly as before.
 */
import * as path from "path";

/** Marks a formatter this module installed, so installing twice wraps once. */
const INSTALLED = Symbol.for("openhands.promiseStacksOnlyWhenDebugging");

/** A stack formatter, as `Error.prepareStackTrace` holds one. */
export type StackFormatter = ((error: Error, frames: NodeJS.CallSite[]) => unknown) & { [INSTALLED]?: true };

/** Error's formatter slot, typed as the property it is (Node's typings declare a method). */
export const formatterSlot = Error as unknown as { prepareStackTrace?: StackFormatter };

/** Stands in for the frames of a promise's unused stack trace. */
export const NOT_RENDERED = "    at debuggablePromise (not rendered: set PULUMI_DEBUG_PROMISE_LEAKS to see where the SDK made this promise)";

/** Whether `frames` is the stack the SDK takes for a promise it made. */
function isPromiseDebugStack(error: Error, frames: NodeJS.CallSite[]): boolean {
    const top = frames[0];
    if (top === undefined || error.message !== "" || top.getFunctionName() !== "debuggablePromise") return false;
    const file = top.getFileName() ?? "";
    return file.endsWith(path.join("@pulumi", "pulumi", "runtime", "debuggable.js"));
}

/**
 * Wraps the installed `Error.prepareStackTrace` (ts-node's source-map support under Pulumi,
 * the test runs' formatter under mocha) so that the SDK's promise stacks are not rendered
 * unless PULUMI_DEBUG_PROMISE_LEAKS is set. Does nothing when that is set, when no formatter
 * is installed (V8's own rendering maps nothing), or when this one already is.
 */
export function renderPromiseStacksOnlyWhenDebugging(): void {
    if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return;
    const previous = formatterSlot.prepareStackTrace;
    if (previous === undefined || previous[INSTALLED]) return;
    const render = (error: Error, frames: NodeJS.CallSite[]): unknown => isPromiseDebugStack(error, frames)
        ? `${Error.prototype.toString.call(error)}\n${NOT_RENDERED}`
        : previous(error, frames);
    formatterSlot.prepareStackTrace = Object.assign(render, { [INSTALLED]: true as const });
}
