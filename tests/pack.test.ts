/**
 * The rules of `npm run check:pack` (scripts/check-pack.ts), on made-up file lists: each kind
 * of mistake is caught, and a right list passes. CI runs the same rules on the real
 * `npm pack --dry-run --json` listing.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { forbiddenReason, type PackageJson, packProblems, requiredFiles } from "../scripts/check-pack";

const ROOT = path.resolve(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson & { files: string[] };
const GOOD = [
    "package.json", "README.md", "CHANGELOG.md",
    "provider/PulumiPlugin.yaml", "provider/package.json", "provider/index.ts", "provider/tsconfig.json",
    "components/index.ts", "components/openhands.ts",
    "bin/components/index.js", "bin/components/index.d.ts",
    "bin/components/openhands.js", "bin/components/openhands.d.ts",
    "bin/components/gke/index.js", "bin/components/gke/index.d.ts",
    "adapter/config.ts", "adapter/main.ts", "bin/adapter/main.js", "bin/adapter/config.js", "bin/adapter/.source-digest",
];

describe("what the package ships (npm run check:pack)", () => {
    it("requires package.json's entry points, with their types, the README and the CHANGELOG", () => {
        assert.deepStrictEqual(requiredFiles(pkg),
            ["CHANGELOG.md", "README.md", "adapter/config.ts", "bin/adapter/.source-digest", "bin/adapter/main.js",
                "bin/components/gke/index.d.ts", "bin/components/gke/index.js",
                "bin/components/index.d.ts", "bin/components/index.js", "components/index.ts",
                "package.json", "provider/PulumiPlugin.yaml", "provider/index.ts", "provider/package.json"]);
        assert.deepStrictEqual(pkg.exports, {
            ".": { types: "./bin/components/index.d.ts", default: "./bin/components/index.js" },
            "./gke": { types: "./bin/components/gke/index.d.ts", default: "./bin/components/gke/index.js" },
            "./package.json": "./package.json",
        });
    });

    it("passes a list with exactly what a consumer needs", () => {
        assert.deepStrictEqual(packProblems(pkg, GOOD), []);
    });

    for (const [file, why] of [
        ["tests/policy.test.ts", /machinery/], ["scripts/render.ts", /machinery/], ["policy/index.ts", /machinery/],
        [".ci/run", /machinery/], [".github/workflows/preview.yml", /machinery/],
        ["tsconfig.json", /compiler settings/], ["tsconfig.build.json", /compiler settings/], ["index.ts", /the program/],
        ["Pulumi.gke.yaml", /stack files/], ["bin/components/openhands.js.map", /source map/],
        ["bin/program/config/stack-config.js", /stack-config reader/], ["bin/components/extra.ts", /TypeScript source/],
        [".mocharc.json", /development settings/],
    ] as const) {
        it(`refuses ${file}`, () => {
            assert.match(forbiddenReason(file) ?? "", why);
            assert.ok(packProblems(pkg, [...GOOD, file]).some((p) => p.startsWith(`${file}: packed`)));
        });
    }

    it("takes declarations as declarations, not sources", () => {
        assert.strictEqual(forbiddenReason("bin/components/gke/args.d.ts"), undefined);
    });

    it("ships the component's sources and provider/ for other Pulumi languages, whose plugin host loads them", () => {
        for (const file of ["components/openhands.ts", "provider/index.ts", "provider/tsconfig.json", "provider/PulumiPlugin.yaml"]) {
            assert.strictEqual(forbiddenReason(file), undefined, file);
        }
        assert.ok(packProblems(pkg, GOOD.filter((f) => f !== "provider/PulumiPlugin.yaml"))
            .some((p) => p.startsWith("provider/PulumiPlugin.yaml: named by package.json or needed")));
    });

    it("refuses a list without the entry, its types, or a module's declarations", () => {
        const without = (file: string): string[] => packProblems(pkg, GOOD.filter((f) => f !== file));
        assert.ok(without("bin/components/index.js").some((p) => p.startsWith("bin/components/index.js: named by package.json")));
        assert.ok(without("bin/components/index.d.ts").some((p) => p.startsWith("bin/components/index.d.ts: named by package.json")));
        assert.ok(without("CHANGELOG.md").some((p) => p.startsWith("CHANGELOG.md")));
        assert.ok(without("bin/components/openhands.d.ts").some((p) => /openhands\.js: packed without its declarations/.test(p)));
    });

    it("ships the compiled modules and declarations of the component and the adapter's code only (the program's modules are outside components/)", () => {
        assert.deepStrictEqual(pkg.files.filter((f) => f.startsWith("bin/")),
            ["bin/components/**/*.js", "bin/components/**/*.d.ts", "bin/adapter/*.js", "bin/adapter/.source-digest"]);
    });
});
