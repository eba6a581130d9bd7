/**
 * The doc comments of the component's args, generated from the settings catalog: each field of
 * `OpenHandsArgs`, `OpenShiftOptions`, `GkeOptions` (components/args.ts) and `GkeClusterArgs`
 * (components/gke/args.ts) that the catalog owns gets the catalog's description and its
 * default, so an editor's hover, the declarations the package ships and the schema other
 * languages see say what the catalog says. Fields the catalog does not own (the option groups,
 * the container resources' fields) keep their hand-written comments.
 *
 * `npm run gen:config` rewrites them with the docs; its `--check` and `npm test` fail when stale.
 */
import * as path from "path";
import * as ts from "typescript";
import { GKE_CLUSTER_SETTINGS, isPerPlatform, OPENHANDS_SETTINGS, type Setting } from "../components/settings/catalog";

/** Root of the repository. */
const ROOT = path.resolve(__dirname, "..");

/** The files whose interfaces carry catalog-owned fields, with the catalog table each reads. */
export const ARG_FILES: ReadonlyArray<{ readonly file: string; readonly settings: Readonly<Record<string, Setting<unknown>>> }> = [
    { file: path.join(ROOT, "components", "args.ts"), settings: OPENHANDS_SETTINGS as Record<string, Setting<unknown>> },
    { file: path.join(ROOT, "components", "gke", "args.ts"), settings: GKE_CLUSTER_SETTINGS as Record<string, Setting<unknown>> },
];

/** The default of a setting as a doc comment says it. */
export function defaultSentence(field: string, setting: Setting<unknown>): string {
    const value = setting.default;
    const code = (v: unknown): string => "`" + (typeof v === "string" ? v : JSON.stringify(v)) + "`";
    if (field === "platform") return "Required.";
    if (isPerPlatform(value)) {
        return `Default: ${Object.entries(value.byPlatform).map(([platform, v]) => `${code(v)} on ${platform}`).join(", ")}.`;
    }
    if (value === undefined) return setting.unsetMeans ? `Default: unset (${setting.unsetMeans}).` : "Default: unset.";
    if (field === "resources") return "Default: the catalog's requests and limits per container (see docs/configuration.md).";
    return `Default: ${code(value)}.`;
}

/** The doc comment of a catalog-owned field, wrapped to fit `width` columns at `indent`. */
export function docComment(field: string, setting: Setting<unknown>, indent: string, width = 110): string {
    const words = [...setting.description.split(/\s+/), ...(setting.secret ? ["Kept", "secret."] : []),
        ...defaultSentence(field, setting).split(/\s+/)].filter((w) => w.length > 0);
    const lines: string[] = [];
    let line = "";
    for (const word of words) {
        if (line && indent.length + 3 + line.length + 1 + word.length > width) {
            lines.push(line);
            line = word;
        } else {
            line = line ? `${line} ${word}` : word;
        }
    }
    if (line) lines.push(line);
    if (lines.length === 1 && indent.length + 7 + lines[0].length <= width) return `/** ${lines[0]} */`;
    return ["/**", ...lines.map((l) => `${indent} * ${l}`), `${indent} */`].join("\n");
}

/** `text` (one args file) with the doc comment of every catalog-owned interface field regenerated. */
export function renderArgDocs(text: string, settings: Readonly<Record<string, Setting<unknown>>>): string {
    const source = ts.createSourceFile("args.ts", text, ts.ScriptTarget.ES2022, true);
    const edits: Array<{ start: number; end: number; text: string }> = [];
    const visit = (node: ts.Node): void => {
        if (ts.isPropertySignature(node) && ts.isInterfaceDeclaration(node.parent) && ts.isIdentifier(node.name)) {
            const field = node.name.text;
            const setting = settings[field];
            const comments = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
            const doc = comments.filter((c) => text.startsWith("/**", c.pos)).pop();
            if (setting !== undefined && doc !== undefined) {
                const lineStart = text.lastIndexOf("\n", doc.pos) + 1;
                const indent = text.slice(lineStart, doc.pos);
                edits.push({ start: doc.pos, end: doc.end, text: docComment(field, setting, indent) });
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    let out = text;
    for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    return out;
}
