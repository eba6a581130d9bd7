/**
 * What `npm pack` would ship, checked against what a consumer of the component needs:
 * the compiled modules with their declarations, the entry points that package.json's
 * `main`, `types` and `exports` name, the README and the CHANGELOG; and nothing of the
 * repository's own machinery (tests, scripts, the policy pack, CI, TypeScript sources,
 * tsconfig, the program and its stack files).
 *
 *   npm run check:pack      builds, lists the tarball with `npm pack --dry-run --json`; exit 1 on a problem
 *
 * `tests/pack.test.ts` shows the rules catching each kind of mistake.
 */
import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** The parts of package.json the check reads. */
export interface PackageJson {
    readonly main?: string;
    readonly types?: string;
    readonly exports?: unknown;
}

/** Paths (relative, no `./`) a consumer must find in the tarball. */
export function requiredFiles(pkg: PackageJson): string[] {
    // provider/ is the component package other Pulumi languages add (`pulumi package add`); its
    // plugin host loads the component's TypeScript sources, which ship for that reason.
    const targets = new Set<string>(["package.json", "README.md", "CHANGELOG.md",
        "provider/PulumiPlugin.yaml", "provider/package.json", "provider/index.ts", "components/index.ts",
        // The pods mode's adapter: its compiled code goes into a ConfigMap, and the component reads its settings' names.
        "bin/adapter/main.js", "bin/adapter/.source-digest", "adapter/config.ts"]);
    const add = (target: unknown): void => {
        if (typeof target === "string") targets.add(target.replace(/^\.\//, ""));
        else if (target !== null && typeof target === "object") Object.values(target).forEach(add);
    };
    add(pkg.main);
    add(pkg.types);
    add(pkg.exports);
    return [...targets].sort();
}

/** Why a packed path must not ship, or undefined when it may. */
export function forbiddenReason(file: string): string | undefined {
    const rules: Array<[RegExp, string]> = [
        [/^(tests|scripts|policy|\.ci|\.github|node_modules)\//, "repository machinery"],
        [/^(?!provider\/)(.*\/)?tsconfig[^/]*\.json$/, "compiler settings"],
        [/^(eslint\.config\.js|\.mocharc[^/]*|\.gitignore|package-lock\.json)$/, "development settings"],
        [/^Pulumi(\.[^/]+)?\.yaml$/, "the program's project and stack files"],
        [/^index\.ts$/, "the program"],
        [/^(?!components\/|provider\/|adapter\/).*(?<!\.d)\.ts$/, "a TypeScript source outside the component package's sources (declarations, .d.ts, are welcome)"],
        [/\.test\.[jt]s$|\.e2e\.[jt]s$/, "a test"],
        [/\.map$/, "a source map whose sources do not ship"],
        [/^(bin\/)?program\//, "the program's own modules (its stack-config reader), which the component never imports"],
    ];
    return rules.find(([pattern]) => pattern.test(file))?.[1];
}

/** Every problem of a packed file list, one line each; empty when the package is right. */
export function packProblems(pkg: PackageJson, files: readonly string[]): string[] {
    const packed = new Set(files);
    const problems: string[] = [];
    for (const file of files) {
        const why = forbiddenReason(file);
        if (why) problems.push(`${file}: packed, but it is ${why}`);
    }
    for (const file of requiredFiles(pkg)) {
        if (!packed.has(file)) problems.push(`${file}: named by package.json or needed by a consumer, but not packed`);
    }
    // The adapter's modules are code for its pod, not an API: no declarations.
    for (const file of files.filter((f) => f.endsWith(".js") && !f.startsWith("bin/adapter/"))) {
        const declaration = file.replace(/\.js$/, ".d.ts");
        if (!packed.has(declaration)) problems.push(`${file}: packed without its declarations ${declaration}`);
    }
    return problems;
}

if (require.main === module) {
    execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
    const listing = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"],
        { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })) as Array<{ files: Array<{ path: string }>; size: number }>;
    const files = listing[0].files.map((f) => f.path);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const problems = packProblems(require(path.join(ROOT, "package.json")) as PackageJson, files);
    for (const problem of problems) console.error(`pack: ${problem}`);
    console.log(`pack: ${files.length} files, ${listing[0].size} bytes packed; ${problems.length} problems`);
    process.exit(problems.length === 0 ? 0 : 1);
}
