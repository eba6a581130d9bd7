/** A module for tests/lazy-code-paths.test.ts: it counts how many times Node.js has loaded it. */
const counter = globalThis as { countedModuleLoads?: number };
counter.countedModuleLoads = (counter.countedModuleLoads ?? 0) + 1;

/** The sum of `a` and `b`. */
export function add(a: number, b: number): number {
    return a + b;
}
