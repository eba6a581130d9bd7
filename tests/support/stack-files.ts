/**
 * The config the engine would give a stack's program: Pulumi.yaml's defaults and a stack
 * file's `config:` block, as fully qualified keys. Loads nothing of Pulumi, so a process can
 * read them before the SDKs (tests/support/fresh-process.ts).
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

/** Root of the repository. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** Stack config: fully qualified key -> value, as the engine hands it to the program. */
export type ConfigMap = Record<string, string>;

/** A YAML file of the repository, parsed once per process (runs read the same files hundreds of times). */
const parsedYaml = new Map<string, unknown>();
function readYaml<T>(file: string): T {
    if (!parsedYaml.has(file)) parsedYaml.set(file, yaml.load(fs.readFileSync(path.join(ROOT, file), "utf8")));
    return parsedYaml.get(file) as T;
}

/** Defaults from Pulumi.yaml's `config:` block, as fully qualified keys (a new copy each call). */
export function projectDefaults(): ConfigMap {
    if (qualifiedDefaults === undefined) {
        const project = readYaml<{ name: string; config: Record<string, { default?: unknown }> }>("Pulumi.yaml");
        qualifiedDefaults = {};
        for (const [key, spec] of Object.entries(project.config)) {
            if (spec.default === undefined) continue;
            // The engine hands structured values to the program as JSON text.
            qualifiedDefaults[qualify(project.name, key)] = typeof spec.default === "object" ? JSON.stringify(spec.default) : `${spec.default as string | number | boolean}`;
        }
    }
    return { ...qualifiedDefaults };
}
let qualifiedDefaults: ConfigMap | undefined;

/** The `config:` block of `Pulumi.<stack>.yaml`. */
export function stackFileConfig(stack: string): ConfigMap {
    const file = readYaml<{ config: ConfigMap }>(`Pulumi.${stack}.yaml`);
    const config: ConfigMap = {};
    for (const [key, value] of Object.entries(file.config)) config[key] = String(value);
    return config;
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}
