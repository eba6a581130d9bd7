/**
 * Generates `Pulumi.yaml`'s `config:` block from the settings catalog, and the reference
 * tables of `docs/` from the catalog and the release contract, so none of them can say
 * something the code does not do:
 *
 *   docs/configuration.md      the config table
 *   docs/releases.md           the release table and the environment contract
 *   docs/guide-differences.md  the settings that give the guide's values back
 *   components/args.ts, components/gke/args.ts  the args' doc comments (scripts/arg-docs.ts)
 *
 *   npm run gen:config             rewrite the files
 *   npm run gen:config -- --check  exit 1 (and say which) when one is out of date
 *
 * `tests/project-config.test.ts` runs the same check in `npm test`.
 */
import * as fs from "fs";
import * as path from "path";
import { clusterConfigName, hasUnsetDefault, PROGRAM_SETTINGS } from "../program/config/stack-config";
import { UNSET } from "../program/config/reader";
import { GKE_CLUSTER_SETTINGS, GUIDE_VALUES, isPerPlatform, OPENHANDS_SETTINGS, type Setting } from "../components/settings/catalog";
import { type Citation, DEFAULT_VERSION, ENV_CONTRACT, RELEASES } from "../components/releases";
import { ARG_FILES, renderArgDocs } from "./arg-docs";

/** Root of the repository. */
export const ROOT = path.resolve(__dirname, "..");

/** A stack key with its setting, in the order the docs list them. */
interface Row {
    readonly key: string;
    readonly setting: Setting<unknown>;
}

function rows(): Row[] {
    const out: Row[] = [];
    for (const [key, setting] of Object.entries(OPENHANDS_SETTINGS)) out.push({ key, setting: setting as Setting<unknown> });
    for (const [key, setting] of Object.entries(PROGRAM_SETTINGS)) out.push({ key, setting: setting });
    for (const [field, setting] of Object.entries(GKE_CLUSTER_SETTINGS)) {
        if (field === "project") continue;  // gcp:project, the provider's own key
        out.push({ key: clusterConfigName(field as "location"), setting: setting as Setting<unknown> });
    }
    return out;
}

/** A default as prose: `openhands` (openshift), `default` (gke); unset: what that means. */
function defaultText(setting: Setting<unknown>, key: string): string {
    const value = setting.default;
    if (key === "platform") return "required";
    if (isPerPlatform(value)) {
        return Object.entries(value.byPlatform).map(([platform, v]) => `${literal(v)} (${platform})`).join(", ");
    }
    if (value === undefined) return `unset${setting.unsetMeans ? `: ${setting.unsetMeans}` : ""}`;
    if (key === "resources") {
        return Object.entries(value as Record<string, Record<string, string>>)
            .map(([c, r]) => `${c} ${r.cpuRequest}/${r.memoryRequest} → ${r.cpuLimit}/${r.memoryLimit}`).join(", ");
    }
    return literal(value);
}

function literal(value: unknown): string {
    return "`" + (typeof value === "string" ? value : JSON.stringify(value)) + "`";
}

/** The sentence `Pulumi.yaml` gives a key. */
function yamlDescription(row: Row): string {
    const scope = row.setting.platform ? ` Used on ${row.setting.platform} only.` : "";
    const secret = row.setting.secret ? " Set it with --secret." : "";
    return `${row.setting.description}${scope}${secret} Default: ${defaultText(row.setting, row.key).replace(/`/g, "")}.`;
}

/** The default `Pulumi.yaml` declares: the code's own, or the type's unset value (Pulumi requires keys without one). */
function yamlDefault(row: Row): unknown {
    if (row.key === "platform") return undefined;
    return hasUnsetDefault(row.setting) ? UNSET[row.setting.type] : row.setting.default;
}

/** The `config:` block of `Pulumi.yaml`. */
export function renderConfigBlock(): string {
    const lines = [
        "config:",
        "  # Generated from components/settings/catalog.ts by `npm run gen:config`; edit the catalog, not this block.",
        "  # Pulumi treats a declared key without a default as required, so every optional key has one:",
        "  # the code's default, or its type's unset value (\"\", 0, {}, []) where the default depends on",
        "  # the platform or the key is off until set.",
    ];
    for (const row of rows()) {
        lines.push(`  ${row.key}:`, `    type: ${row.setting.type}`);
        if (row.setting.type === "array") lines.push("    items:", "      type: string");
        lines.push(`    description: ${JSON.stringify(yamlDescription(row))}`);
        const value = yamlDefault(row);
        if (value !== undefined) lines.push(`    default: ${JSON.stringify(value)}`);
    }
    return `${lines.join("\n")}\n`;
}

/** `Pulumi.yaml` with its `config:` block regenerated. */
export function renderPulumiYaml(current: string): string {
    const at = current.indexOf("\nconfig:");
    const head = at < 0 ? current.replace(/\n*$/, "\n") : current.slice(0, at + 1);
    return head + renderConfigBlock();
}

/** The config table of docs/configuration.md. */
export function renderConfigTable(): string {
    const lines = [
        "| key | type | default | applies to | meaning |",
        "|---|---|---|---|---|",
    ];
    for (const row of rows()) {
        const applies = row.key.startsWith("gke") || row.key === "createCluster" ? "gke" : (row.setting.platform ?? "both");
        const type = row.setting.secret ? `${row.setting.type}, secret` : row.setting.type;
        const meaning = row.setting.description.replace(/\|/g, "\\|");
        lines.push(`| \`${row.key}\` | ${type} | ${defaultText(row.setting, row.key).replace(/\|/g, "\\|")} | ${applies} | ${meaning} |`);
    }
    return lines.join("\n");
}

const SOURCE_REPO = "OpenHands/OpenHands, read in the mirror CrazyForks/OpenHands at its tags up to 1.8.0 and, for " +
    "the later releases, which it carries untagged, at the release commit in parentheses";

/** A citation as a table cell: `path` @ release (commit; how it is read). */
function citationText(c: Citation): string {
    const notes = [c.commit, c.how].filter((n): n is string => n !== undefined);
    return `\`${c.path}\` @ ${c.tag}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`;
}

/** The release table of docs/releases.md: every pinned release, its images and where they are named. */
export function renderReleaseTable(): string {
    const lines = [
        `Sources: ${SOURCE_REPO}. Default: **${DEFAULT_VERSION}**.`,
        "",
        "| `openhandsVersion` | generation | app image | sandbox image | named in |",
        "|---|---|---|---|---|",
    ];
    for (const r of RELEASES) {
        const generation = r.version.startsWith("0.") ? "0.x (V0)" : "1.x (V1)";
        const sources = r.sources.map(citationText).join(", ");
        lines.push(`| ${r.version} | ${generation} | \`${r.appImage}\` | \`${r.sandboxImage}\` | ${sources} |`);
    }
    return lines.join("\n");
}

/** The table of every environment variable the component sets (docs/releases.md). */
export function renderEnvTable(): string {
    const lines = ["| variable | generations | what it does | read by |", "|---|---|---|---|"];
    for (const [name, c] of Object.entries(ENV_CONTRACT)) {
        const source = c.readBy.length > 0 ? c.readBy.map(citationText).join(", ") : c.definedBy ?? "";
        lines.push(`| \`${name}\` | ${c.generations.join(", ")} | ${c.meaning} | ${source} |`);
    }
    return lines.join("\n");
}

/** The settings that give the guide's own values back. */
export function renderGuideValues(): string {
    return ["```sh", ...Object.entries(GUIDE_VALUES).map(([k, v]) => `pulumi config set openhands:${k} ${v}`),
        "pulumi config rm openhands:nodePort      # the guide lets the cluster pick it (0.x only)",
        "pulumi config rm openhands:openshiftScc  # no privileged daemon with the node's socket", "```"].join("\n");
}

/** Replaces the text between `<!-- name:start ... -->` and `<!-- name:end -->` of `file`. */
function replaceSection(current: string, file: string, name: string, body: string): string {
    const startMarker = `<!-- ${name}:start (generated by npm run gen:config) -->`;
    const endMarker = `<!-- ${name}:end -->`;
    const start = current.indexOf(startMarker);
    const end = current.indexOf(endMarker);
    if (start < 0 || end < 0 || end < start) throw new Error(`${file} lacks the ${startMarker} ... ${endMarker} markers`);
    return `${current.slice(0, start)}${startMarker}\n${body}\n${current.slice(end)}`;
}

/** Each generated document (relative to the root), and the sections generated in it. */
export const GENERATED_DOCS: Readonly<Record<string, Readonly<Record<string, () => string>>>> = {
    "docs/configuration.md": { "config-table": renderConfigTable },
    "docs/releases.md": { "release-table": renderReleaseTable, "env-table": renderEnvTable },
    "docs/guide-differences.md": { "guide-values": renderGuideValues },
};

/** `current` (the text of `file`, one of GENERATED_DOCS) with its generated sections regenerated. */
export function renderDoc(file: string, current: string): string {
    const sections = GENERATED_DOCS[file];
    if (!sections) throw new Error(`${file} has no generated sections`);
    let text = current;
    for (const [name, render] of Object.entries(sections)) text = replaceSection(text, file, name, render());
    return text;
}

/** Each generated file with its current and expected text. */
export function generatedFiles(): Array<{ file: string; current: string; expected: string }> {
    const yamlPath = path.join(ROOT, "Pulumi.yaml");
    const yaml = fs.readFileSync(yamlPath, "utf8");
    const files = [{ file: yamlPath, current: yaml, expected: renderPulumiYaml(yaml) }];
    for (const doc of Object.keys(GENERATED_DOCS)) {
        const file = path.join(ROOT, doc);
        const current = fs.readFileSync(file, "utf8");
        files.push({ file, current, expected: renderDoc(doc, current) });
    }
    for (const { file, settings } of ARG_FILES) {
        const current = fs.readFileSync(file, "utf8");
        files.push({ file, current, expected: renderArgDocs(current, settings) });
    }
    return files;
}

if (require.main === module) {
    const check = process.argv.includes("--check");
    let stale = 0;
    for (const { file, current, expected } of generatedFiles()) {
        if (current === expected) continue;
        stale++;
        if (check) console.error(`${path.relative(ROOT, file)} is out of date: run npm run gen:config`);
        else fs.writeFileSync(file, expected);
    }
    if (check && stale > 0) process.exit(1);
    if (!check) console.log(stale > 0 ? `rewrote ${stale} file(s)` : "up to date");
}
