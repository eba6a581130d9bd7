/**
 * The openshift stack's program run under mocks in a fresh Node.js process, for
 * tests/module-load.test.ts: which modules a process loads can only be seen in one that has
 * loaded nothing yet.
 *
 * The process starts when this module is loaded, and `.mocharc.json` lists this file first
 * among its specs (it defines no tests), so mocha loads it before any test file: the fresh
 * process loads its modules on the second core while mocha's own process loads the test files,
 * which keeps one core busy. Started from the test file itself, it ran beside the tests
 * instead, which keep more than one core busy (the garbage collector's and the optimizing
 * compiler's threads): `npm test` took 0.1 to 0.25 s longer (fastest and median of
 * interleaved rounds).
 *
 * Only Node.js's own modules and the stack files' reader are loaded here, never the SDKs.
 * The process gets the test process's interrupt budget (`npm test` raises V8's), which changes
 * how fast code runs, not which modules load.
 */
import { execFile } from "child_process";
import { projectDefaults, ROOT, stackFileConfig } from "./stack-files";

/** Modules a process had loaded at a point of the run, as paths from the repository's root. */
export interface ModulesLoaded {
    /** At the program's first provider call (undefined if it made none). */
    readonly atFirstCall?: string[];
    /** When the program had returned and its resources were registered. */
    readonly atEnd: string[];
}

/**
 * V8's tiering flags of this process (`npm test` sets `--interrupt-budget`), for the fresh one.
 * Only those: a debugger's flags (`--inspect-brk`) would make it wait for a second debugger.
 */
const TIERING_FLAGS = process.execArgv.filter((flag) => flag.startsWith("--interrupt-budget"));

/** Runs `script` in a fresh Node.js process with ts-node; its last line of output, parsed. */
function lastLineOf<T>(what: string, script: string): Promise<T> {
    const result = new Promise<T>((done, fail) => {
        execFile(process.execPath, [...TIERING_FLAGS, "-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" },
            (error, stdout, stderr) => {
                if (error) fail(new Error(`${what} failed in a fresh process: ${stderr}`));
                else done(JSON.parse(stdout.trim().split("\n").pop() ?? "null") as T);
            });
    });
    result.catch(() => undefined);  // awaited by its test; never an unhandled rejection before that
    return result;
}

/** A fresh process's loaded modules, as paths from the repository's root. */
const LOADED = `const loaded = () => Object.keys(require.cache).map((file) => require("path").relative(process.cwd(), file));`;

/**
 * The openshift stack's program, with the config the engine would give it, under mocks and
 * without the test harness (which loads @pulumi/pulumi's index itself).
 */
function runOpenshiftProgram(): Promise<ModulesLoaded> {
    const config = { ...projectDefaults(), ...stackFileConfig("openshift") };
    return lastLineOf("the openshift program", `${LOADED}
        let atFirstCall;
        require("@pulumi/pulumi/runtime/mocks").setMocks({
            newResource: (args) => ({ id: args.name + "-id", state: args.inputs }),
            call: (args) => { atFirstCall = atFirstCall || loaded(); return args.inputs; },
        }, "openhands", "openshift", false).then(() => {
            require("@pulumi/pulumi/runtime/config").setAllConfig(${JSON.stringify(config)}, []);
            return require("./index")();
        }).then(() => console.log(JSON.stringify({ atFirstCall, atEnd: loaded() })));`);
}

/** The modules the fresh process running the openshift program had loaded (one process per mocha run). */
export const openshiftProgramModules: Promise<ModulesLoaded> = runOpenshiftProgram();
