/**
 * Infers the package schema of the component package in `provider/` with
 * `pulumi package get-schema` (the CLI on `PATH`), and checks that
 * every arg, output and closed value set comes through and that the engine can bind it:
 * the API is offered to other Pulumi languages without a hand-written schema.
 *
 *   npm run check:schema            prints a summary; exit 1 on a gap
 *   npm run check:schema -- --print prints the inferred schema as JSON
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { GKE_CLUSTER_SETTINGS, OPENHANDS_SETTINGS } from "../components/settings/catalog";
import * as enums from "../components/enums";
import { GKE_CLUSTER_TYPE } from "../components/gke/cluster";
import { OPENHANDS_TYPE } from "../components/openhands";
import { exportedComponents, inferSchema, PLUGIN_DIR, readManifest, ROOT, tokenOf, unbindableRefs } from "./component-schema";

/** What is wrong with the plugin directory itself: its runtime, name, version and exports. */
export function pluginProblems(dir: string = PLUGIN_DIR): string[] {
    const problems: string[] = [];
    const plugin = yaml.load(fs.readFileSync(path.join(dir, "PulumiPlugin.yaml"), "utf8")) as { runtime?: unknown };
    const runtime = typeof plugin.runtime === "object" ? (plugin.runtime as { name?: unknown }).name : plugin.runtime;
    if (runtime !== "nodejs") problems.push(`PulumiPlugin.yaml: runtime is ${JSON.stringify(runtime)}, not nodejs`);
    const manifest = readManifest(dir);
    const rootVersion = readManifest(ROOT).version;
    if (manifest.version !== rootVersion) problems.push(`package.json: version ${manifest.version}, the npm package's is ${rootVersion}`);
    for (const token of [OPENHANDS_TYPE, GKE_CLUSTER_TYPE]) {
        const [pkg, , component] = token.split(":");
        if (manifest.name !== pkg) problems.push(`package.json: name ${manifest.name}, but the component registers as ${token}`);
        if (!exportedComponents(dir).includes(component)) problems.push(`index.ts does not export ${component}`);
    }
    return problems;
}

function main(): void {
    const schema = inferSchema();
    if (process.argv.includes("--print")) {
        console.log(JSON.stringify(schema, null, 2));
        return;
    }
    const problems = [...pluginProblems(), ...unbindableRefs(schema)];
    const openhands = schema.resources[tokenOf(schema, "OpenHands")];
    const cluster = schema.resources[tokenOf(schema, "GkeCluster")];
    const inputs = openhands?.inputProperties ?? {};
    // A setting of one platform sits in that platform's option group; the cluster in gke's.
    const groupType = (group: string) => schema.types[tokenOf(schema, group === "openshift" ? "OpenShiftOptions" : "GkeOptions")];
    for (const group of ["openshift", "gke"]) {
        if (!(group in inputs)) problems.push(`OpenHands input ${group} is missing from the inferred schema`);
    }
    for (const [field, setting] of [...Object.entries(OPENHANDS_SETTINGS), ["cluster", { platform: "gke" }] as const]) {
        const platform = (setting as { platform?: string }).platform;
        const where = platform === undefined ? inputs : groupType(platform)?.properties ?? {};
        if (!(field in where)) {
            problems.push(`OpenHands input ${platform ? `${platform}.` : ""}${field} is missing from the inferred schema`);
        }
    }
    const clusterInputs = cluster?.inputProperties ?? {};
    for (const field of Object.keys(GKE_CLUSTER_SETTINGS)) {
        if (!(field in clusterInputs)) problems.push(`GkeCluster input ${field} is missing from the inferred schema`);
    }
    for (const [name, set] of Object.entries(enums)) {
        if (typeof set !== "object") continue;
        if (name === "ServiceType") continue;  // an output's value set, not an input
        const inferred = schema.types[tokenOf(schema, name)];
        const values = (inferred?.enum ?? []).map((m) => m.value).sort();
        if (JSON.stringify(values) !== JSON.stringify(Object.values(set).sort())) {
            problems.push(`enum ${name}: inferred ${JSON.stringify(values)}, declared ${JSON.stringify(Object.values(set))}`);
        }
    }
    const count = (props?: Record<string, unknown>) => Object.keys(props ?? {}).length;
    console.log(`schema: package ${schema.name} ${schema.version}; resources ${Object.keys(schema.resources).join(", ")}; ` +
        `OpenHands ${count(inputs)} inputs, ${count(openhands?.properties)} outputs; ` +
        `GkeCluster ${count(clusterInputs)} inputs, ${count(cluster?.properties)} outputs; ` +
        `types ${Object.keys(schema.types).map((t) => t.split(":")[2]).join(", ")}; ${problems.length} problems`);
    for (const problem of problems) console.error(`  ${problem}`);
    if (problems.length > 0) process.exit(1);
}

if (require.main === module) main();
