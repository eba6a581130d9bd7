/**
 * The package schema that Pulumi infers for the component package in `provider/`, the
 * directory `pulumi package add` takes, as `pulumi package get-schema <dir>` prints it (the
 * CLI on `PATH`), and the checks that the schema is complete and that the engine can bind it.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/** One property of a schema object: a type, or a reference to one. */
export interface PropertySpec {
    readonly type?: string;
    readonly $ref?: string;
    readonly items?: PropertySpec;
    readonly description?: string;
}

/** The parts of a Pulumi package schema that these checks read. */
export interface PackageSpec {
    readonly name: string;
    readonly version?: string;
    readonly resources: Readonly<Record<string, {
        readonly type?: string;
        readonly isComponent?: boolean;
        readonly description?: string;
        readonly inputProperties?: Readonly<Record<string, PropertySpec>>;
        readonly requiredInputs?: readonly string[];
        readonly properties?: Readonly<Record<string, PropertySpec>>;
    }>>;
    readonly types: Readonly<Record<string, {
        readonly type: string;
        readonly properties?: Readonly<Record<string, PropertySpec>>;
        readonly enum?: ReadonlyArray<{ readonly name?: string; readonly value: string | number }>;
    }>>;
}

/** Root of the repository. */
export const ROOT = path.resolve(__dirname, "..");
/** The component package directory: PulumiPlugin.yaml, package.json, tsconfig.json, index.ts. */
export const PLUGIN_DIR = path.join(ROOT, "provider");

/** The fields of the plugin directory's package.json that the plugin host reads. */
export interface PluginManifest {
    readonly name: string;
    readonly version: string;
    readonly description?: string;
}

/** Reads `<dir>/package.json`. */
export function readManifest(dir: string): PluginManifest {
    return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as PluginManifest;
}

/** Names of the component classes (subclasses of ComponentResource) that the package entry in `dir` exports (loads it). */
export function exportedComponents(dir: string): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const entry = require(dir) as Record<string, unknown>;
    return Object.entries(entry)
        .filter(([, value]) => typeof value === "function" && value.prototype instanceof pulumi.ComponentResource)
        .map(([name]) => name).sort();
}

/** The provider name the host derives from an npm package name: no scope, other characters made `-`. */
export function providerName(packageName: string): string {
    return packageName.replace(/^@[^/]*\//, "").replace(/[^-a-zA-Z0-9_]/g, "-");
}

/**
 * The schema of the component package in `dir`, as `pulumi package get-schema <dir>` prints
 * it: the CLI on `PATH` runs the package's plugin host, which infers the schema from the
 * TypeScript sources. Needs the CLI and its Node.js language host; no cloud, no cluster.
 */
export function inferSchema(dir: string = PLUGIN_DIR, env: NodeJS.ProcessEnv = process.env): PackageSpec {
    const out = execFileSync("pulumi", ["package", "get-schema", dir], {
        cwd: dir, encoding: "utf8", env: { PULUMI_SKIP_UPDATE_CHECK: "true", ...env }, maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(out) as PackageSpec;
}

/** Every `$ref` in a JSON value, with the path where it sits. */
export function refsOf(value: unknown, at = ""): Array<{ at: string; ref: string }> {
    if (Array.isArray(value)) return value.flatMap((item, i) => refsOf(item, `${at}[${i}]`));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
        key === "$ref" && typeof child === "string" ? [{ at, ref: child }] : refsOf(child, at ? `${at}.${key}` : key));
}

/**
 * The references in `schema` that the engine could not bind: a local type that the schema
 * lacks, or a reference into another package that names no resource or type token
 * (`pkg:module:Name`) of that package, such as the `#/resources/kubernetes` that the
 * inference writes for a Kubernetes provider.
 */
export function unbindableRefs(schema: PackageSpec): string[] {
    const problems: string[] = [];
    for (const { at, ref } of refsOf({ resources: schema.resources, types: schema.types })) {
        const local = /^#\/types\/(.+)$/.exec(ref);
        if (local) {
            if (!(local[1] in schema.types)) problems.push(`${at}: ${ref} names a type the schema does not define`);
            continue;
        }
        const external = /^\/([a-z0-9-]+)\/v[^/]+\/schema\.json#\/(?:resources|types)\/([^:]+):[^:]*:[^:]+$/.exec(ref);
        if (!external || external[1] !== external[2]) problems.push(`${at}: ${ref} is not a resource or type of another package`);
    }
    return problems;
}

/** The resource token of a component class in `schema`. */
export function tokenOf(schema: PackageSpec, component: string): string {
    return `${schema.name}:index:${component}`;
}

/**
 * What a schema offers, by name: the package, each resource's inputs, required inputs and
 * outputs, each type's properties or enum values. The engine re-encodes a schema it serves
 * (it drops empty lists and fields it does not know), so schemas from two sources are
 * compared by their shapes.
 */
export function schemaShape(schema: PackageSpec): Record<string, string[]> {
    const shape: Record<string, string[]> = { package: [schema.name, schema.version ?? ""] };
    for (const [token, resource] of Object.entries(schema.resources)) {
        shape[`${token} inputs`] = Object.keys(resource.inputProperties ?? {}).sort();
        shape[`${token} required inputs`] = [...(resource.requiredInputs ?? [])].sort();
        shape[`${token} outputs`] = Object.keys(resource.properties ?? {}).sort();
    }
    for (const [token, type] of Object.entries(schema.types)) {
        shape[token] = type.enum ? type.enum.map((member) => `${member.value}`).sort() : Object.keys(type.properties ?? {}).sort();
    }
    return shape;
}
