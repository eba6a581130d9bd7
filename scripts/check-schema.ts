/**
 * Runs the schema inference of `@pulumi/pulumi` (the analyzer behind
 * `pulumi package get-schema` for TypeScript components) over the package, and
 * checks that every arg, output and closed value set comes through: the API can
 * be offered to other Pulumi languages without a hand-written schema.
 *
 *   npm run check:schema            prints a summary; exit 1 on a gap
 *   npm run check:schema -- --print prints the inferred schema as JSON
 *
 * The analyzer is not part of the SDK's documented API; it is what the CLI runs.
 */
import * as path from "path";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import { GKE_CLUSTER_SETTINGS, OPENHANDS_SETTINGS } from "../components/settings/catalog";
import * as enums from "../components/enums";

const ROOT = path.resolve(__dirname, "..");
const COMPONENTS = ["OpenHands", "GkeCluster"];

function main(): void {
    const analyzer = new Analyzer(ROOT, "openhands", { name: "openhands", main: "components/index.ts" }, new Set(COMPONENTS));
    const schema = analyzer.analyze();
    if (process.argv.includes("--print")) {
        console.log(JSON.stringify(schema, null, 2));
        return;
    }
    const problems: string[] = [];
    const inputs = schema.components.OpenHands?.inputs ?? {};
    for (const field of [...Object.keys(OPENHANDS_SETTINGS), "cluster"]) {
        if (!(field in inputs)) problems.push(`OpenHands input ${field} is missing from the inferred schema`);
    }
    const clusterInputs = schema.components.GkeCluster?.inputs ?? {};
    for (const field of Object.keys(GKE_CLUSTER_SETTINGS)) {
        if (!(field in clusterInputs)) problems.push(`GkeCluster input ${field} is missing from the inferred schema`);
    }
    for (const [name, set] of Object.entries(enums)) {
        if (typeof set !== "object") continue;
        const inferred = schema.typeDefinitions[name];
        if (name === "ServiceType") continue;  // an output's value set, not an input
        const values = (inferred?.enum ?? []).map((m) => m.value).sort();
        if (JSON.stringify(values) !== JSON.stringify(Object.values(set).sort())) {
            problems.push(`enum ${name}: inferred ${JSON.stringify(values)}, declared ${JSON.stringify(Object.values(set))}`);
        }
    }
    const outputs = Object.keys(schema.components.OpenHands?.outputs ?? {});
    console.log(`schema: components ${Object.keys(schema.components).join(", ")}; OpenHands ${Object.keys(inputs).length} inputs, ` +
        `${outputs.length} outputs; types ${Object.keys(schema.typeDefinitions).join(", ")}; ${problems.length} problems`);
    for (const problem of problems) console.error(`  ${problem}`);
    if (problems.length > 0) process.exit(1);
}

main();
