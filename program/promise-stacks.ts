/**
 * The Pulumi SDK records a stack trace on every promise it makes (`runtime/debuggable`:
 * `new Error().stack`, several per resource, one per output property it resolves), for a
 * promise-leak report that prints those stacks only when PULUMI_DEBUG_PROMISE_LEAKS is set.
 * Capturing the frames and rendering them (under ts-node every frame is source-mapped) cost
 * about a quarter of the program's CPU while it builds its resources, and, under mocha
 * (which lifts V8's frame limit to Infinity), a fifth of `npm test`'s. Unless that variable
 * is set, these stacks are recorded without frames; every other stack is untouched.
 *
 * How: the SDK's modules call `debuggablePromise` through the module's exports object
 * (`debuggable_1.debuggablePromise(...)`, looked up at each call), so replacing that export
 * reaches every caller. The replacement sets V8's frame limit to 0 for the call and puts it
 * back. If a future SDK moves or renames the function, nothing is replaced and its stacks
 * are recorded as before (slower, never wrong); tests/stack-traces.test.ts would fail.
 */

/** The SDK's function that wraps a promise it makes with a debug id, context and stack. */
type DebuggablePromise = <T>(promise: Promise<T>, context: unknown) => Promise<T>;

/** Marks a replacement this module made, so that installing twice wraps once. */
const INSTALLED = Symbol.for("openhands.promiseStacksOnlyWhenDebugging");

/** The part of the SDK's `runtime/debuggable` module this replaces. */
export interface DebuggableModule {
    /** Wraps a promise the SDK makes; records `new Error().stack` on it. */
    debuggablePromise?: unknown;
}

/** The SDK's own module, the instance every SDK caller uses. */
function sdkDebuggable(): DebuggableModule {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/pulumi/runtime/debuggable") as DebuggableModule;
}

/**
 * Makes the SDK record its promises' stacks without frames, unless PULUMI_DEBUG_PROMISE_LEAKS
 * is set. Returns whether the SDK's function is (now or already) the replacement; false when
 * the variable is set or the module has no such function. `sdk` is for tests.
 */
export function recordPromiseStacksOnlyWhenDebugging(sdk: DebuggableModule = sdkDebuggable()): boolean {
    if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return false;
    const original = sdk.debuggablePromise;
    if (typeof original !== "function") return false;
    if ((original as { [INSTALLED]?: true })[INSTALLED]) return true;
    const withoutFrames = <T>(promise: Promise<T>, context: unknown): Promise<T> => {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return (original as DebuggablePromise)(promise, context);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
    sdk.debuggablePromise = Object.assign(withoutFrames, { [INSTALLED]: true as const });
    return true;
}
