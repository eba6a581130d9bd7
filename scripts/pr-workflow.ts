/**
 * What the pull-request workflow, `.github/workflows/preview.yml`, does, read from the
 * file itself: the shell steps before the preview, the stacks of its matrix, and the
 * inputs of its `pulumi/actions` step. `npm run preview:pr` runs these steps locally, so
 * the file stays the one place that says what the check is.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

/** Root of the repository. */
export const ROOT = path.resolve(__dirname, "..");
/** The workflow file, relative to the root. */
export const WORKFLOW_FILE = ".github/workflows/preview.yml";

/** A shell step run before the previews, in the repository's root. */
export interface SetupStep {
    readonly name: string;
    /** The command, as `bash -c` runs it. */
    readonly run: string;
}

/** One stack of the workflow's matrix. */
export interface WorkflowStack {
    readonly name: string;
    /** The literal values of its `config-map`; values that are GitHub expressions are left out. */
    readonly literalConfig: Readonly<Record<string, string>>;
}

/** The check as the workflow runs it. */
export interface PrWorkflow {
    /** Steps with `run:` and no `if:` before the preview, in order (the steps every stack runs). */
    readonly setup: readonly SetupStep[];
    readonly stacks: readonly WorkflowStack[];
    /** The inputs of the `pulumi/actions` step. */
    readonly preview: {
        readonly command: string;
        /** Relative to the program's directory, one per line in the workflow. */
        readonly policyPacks: readonly string[];
        /** The program's directory, relative to the repository root. */
        readonly workDir: string;
        /** Create the stack when the backend does not have it yet. */
        readonly upsert: boolean;
        /** The Pulumi CLI version the action installs. */
        readonly pulumiVersion: string;
    };
}

/** The shape of the workflow that this module reads; everything else is ignored. */
interface WorkflowFile {
    jobs?: Record<string, {
        strategy?: { matrix?: { include?: Array<{ stack?: string; "config-map"?: string }> } };
        steps?: Array<{ name?: string; run?: string; if?: string; uses?: string; with?: Record<string, unknown> }>;
    }>;
}

/**
 * The literal entries of a `config-map` (JSON of `{key: {value}}`): each `${{ ... }}`
 * expression is read as null and its entry dropped, since only GitHub can fill it.
 */
export function literalConfig(configMap: string | undefined): Record<string, string> {
    if (configMap === undefined || configMap.trim() === "") return {};
    const parsed = JSON.parse(configMap.replace(/\$\{\{[^}]*\}\}/g, "null")) as Record<string, { value?: unknown } | null>;
    const config: Record<string, string> = {};
    for (const [key, entry] of Object.entries(parsed)) {
        if (typeof entry?.value === "string") config[key] = entry.value;
    }
    return config;
}

/** An action input as the action reads it: a string as it is, a number or boolean as written, nothing as "". */
function textOf(value: unknown): string {
    if (typeof value === "string") return value;
    return typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

/** The check of a workflow's text; throws when the text lacks a part `npm run preview:pr` needs. */
export function parsePrWorkflow(text: string): PrWorkflow {
    const jobs = Object.values((yaml.load(text) as WorkflowFile | undefined)?.jobs ?? {});
    if (jobs.length !== 1) throw new Error(`${WORKFLOW_FILE}: expected one job, found ${jobs.length}`);
    const job = jobs[0];
    const steps = job.steps ?? [];
    const previewAt = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@"));
    if (previewAt < 0) throw new Error(`${WORKFLOW_FILE}: no pulumi/actions step`);
    const inputs = steps[previewAt].with ?? {};
    const stacks = (job.strategy?.matrix?.include ?? []).map((entry) => {
        if (!entry.stack) throw new Error(`${WORKFLOW_FILE}: a matrix entry without a stack`);
        return { name: entry.stack, literalConfig: literalConfig(entry["config-map"]) };
    });
    if (stacks.length === 0) throw new Error(`${WORKFLOW_FILE}: the matrix names no stack`);
    return {
        setup: steps.slice(0, previewAt).filter((s) => s.run !== undefined && s.if === undefined)
            .map((s) => ({ name: s.name ?? s.run!, run: s.run!.trim() })),
        stacks,
        preview: {
            command: textOf(inputs.command),
            policyPacks: textOf(inputs.policyPacks).split("\n").map((p) => p.trim()).filter((p) => p !== ""),
            workDir: textOf(inputs["work-dir"]) || ".",
            upsert: inputs.upsert === true,
            pulumiVersion: textOf(inputs["pulumi-version"]),
        },
    };
}

/** The check of the committed workflow file. */
export function readPrWorkflow(): PrWorkflow {
    return parsePrWorkflow(fs.readFileSync(path.join(ROOT, WORKFLOW_FILE), "utf8"));
}

/** The Pulumi CLI version the e2e toolchain builds (`PULUMI_VERSION` in scripts/e2e/versions.env), without its `v`. */
export function toolchainPulumiVersion(): string {
    const text = fs.readFileSync(path.join(ROOT, "scripts", "e2e", "versions.env"), "utf8");
    const match = /^PULUMI_VERSION=v?([0-9]+\.[0-9]+\.[0-9]+)\s*$/m.exec(text);
    if (!match) throw new Error("scripts/e2e/versions.env has no PULUMI_VERSION=vX.Y.Z line");
    return match[1];
}
