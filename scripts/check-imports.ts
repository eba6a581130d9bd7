/**
 * The import graph of the program, the component package and the scripts: no circles,
 * and every arrow points the one way the layers allow
 * (config -> settings -> checks -> builders -> resources; leaves import nothing;
 * scripts never import tests, which import scripts).
 *
 *   npm run check:imports      prints the layers' edges and any problem; exit 1 on one
 *
 * Type-only imports count: a circle of types is still a circle in the design.
 *
 * The adapter (adapter/) is checked too: it imports nothing outside adapter/, and of
 * packages only Node's standard library (never @pulumi/*), since it runs alone in a pod.
 */
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");

/** Every .ts file of the package, the program's and the scripts'. */
function sources(): string[] {
    const files: string[] = [path.join(ROOT, "index.ts")];
    const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(full);
        }
    };
    walk(path.join(ROOT, "components"));
    walk(path.join(ROOT, "program"));
    walk(path.join(ROOT, "adapter"));
    walk(path.join(ROOT, "scripts"));
    return files;
}

/** The packages (non-relative imports) that `file` imports. */
export function packagesOf(file: string): string[] {
    const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, false);
    return info.importedFiles.map((f) => f.fileName).filter((name) => !name.startsWith("."));
}

/**
 * Whether a package import is allowed in `adapter/`: Node's standard library only. The
 * adapter ships as compiled JavaScript run by a stock Node.js image, with no node_modules.
 */
export function adapterMayImportPackage(name: string): boolean {
    const bare = name.startsWith("node:") ? name.slice("node:".length) : name;
    return builtinModules.includes(bare);
}

/** The files of ours that `file` imports. */
export function importsOf(file: string): string[] {
    const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, false);
    return info.importedFiles
        .map((f) => f.fileName)
        .filter((name) => name.startsWith("."))
        .map((name) => {
            const base = path.resolve(path.dirname(file), name);
            return [`${base}.ts`, path.join(base, "index.ts")].find((c) => fs.existsSync(c)) ?? `${base}.ts`;
        });
}

/** Which modules a module may import, by the layer it is in (paths relative to the root). */
const RULES: Array<{ layer: RegExp; mayNotImport: RegExp; why: string }> = [
    { layer: /^components\/enums\.ts$/, mayNotImport: /./, why: "the closed value sets are a leaf" },
    { layer: /^components\/guide\.ts$/, mayNotImport: /./, why: "the guide's constants are a leaf" },
    { layer: /^components\/images\.ts$/, mayNotImport: /./, why: "what an image reference says is a leaf" },
    { layer: /^components\/quantities\.ts$/, mayNotImport: /./, why: "reading a quantity is a leaf" },
    { layer: /^components\/labels\.ts$/, mayNotImport: /^components\/(?!enums)/, why: "the stack's labels are a leaf over the enums" },
    { layer: /^components\/machine-types\.ts$/, mayNotImport: /./, why: "what a machine type gives pods is a leaf" },
    { layer: /^components\/(args|gke\/args)\.ts$/, mayNotImport: /^components\/(?!enums|gke\/args)/, why: "args are types over the enums only" },
    { layer: /^components\/settings\//, mayNotImport: /^components\/(builders|checks|openhands|gke\/(cluster|workload-identity|kubeconfig|index))/, why: "settings come before everything that reads them" },
    { layer: /^components\/builders\//, mayNotImport: /^components\/(settings\/(resolve|catalog|validate)|checks|openhands|gke)/, why: "builders read resolved settings only" },
    { layer: /^components\/sandboxes\//, mayNotImport: /^components\/(settings\/(resolve|catalog|validate)|checks|openhands|gke)/, why: "the pods mode's builders read resolved settings only" },
    { layer: /^components\/checks\//, mayNotImport: /^components\/(settings\/(resolve|catalog)|openhands|gke)/, why: "checks read resolved settings and built specs" },
    { layer: /^components\/(?!gke\/|openhands\.ts$)/, mayNotImport: /^components\/gke\/(cluster|workload-identity|kubeconfig|index)\.ts$/, why: "only the GKE entry and the component's lazy loader load @pulumi/gcp" },
    { layer: /^components\//, mayNotImport: /^(program\/|index\.ts$)/, why: "the package does not depend on the program, and only the program reads stack config" },
    { layer: /^adapter\//, mayNotImport: /^(?!adapter\/)/, why: "the adapter runs alone in the cluster: it imports nothing of components/, program/ or the rest" },
    { layer: /^scripts\//, mayNotImport: /^tests\//, why: "tests import scripts, never the other way" },
];

/** Every circle in the graph, each as the list of files around it. */
export function circles(graph: Map<string, string[]>): string[][] {
    const found: string[][] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (node: string): void => {
        state.set(node, "open");
        stack.push(node);
        for (const next of graph.get(node) ?? []) {
            if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next]);
            else if (!state.has(next)) visit(next);
        }
        stack.pop();
        state.set(node, "done");
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node);
    return found;
}

function main(): void {
    const rel = (f: string) => path.relative(ROOT, f);
    const graph = new Map<string, string[]>();
    for (const file of sources()) graph.set(rel(file), importsOf(file).map(rel));
    const problems: string[] = [];
    for (const circle of circles(graph)) problems.push(`circle: ${circle.join(" -> ")}`);
    for (const [from, tos] of graph) {
        for (const rule of RULES) {
            if (!rule.layer.test(from)) continue;
            for (const to of tos) {
                if (rule.mayNotImport.test(to)) problems.push(`${from} imports ${to}: ${rule.why}`);
            }
        }
    }
    for (const from of graph.keys()) {
        if (!from.startsWith("adapter/")) continue;
        for (const name of packagesOf(path.join(ROOT, from))) {
            if (!adapterMayImportPackage(name)) problems.push(`${from} imports ${name}: the adapter uses Node's standard library only (no @pulumi/*, no node_modules in its pod)`);
        }
    }
    const edges = [...graph.values()].reduce((n, tos) => n + tos.length, 0);
    console.log(`import graph: ${graph.size} modules, ${edges} imports, ${circles(graph).length} circles, ${problems.length} problems`);
    for (const problem of problems) console.error(`  ${problem}`);
    if (problems.length > 0) process.exit(1);
}

if (require.main === module) main();
