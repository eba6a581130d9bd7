/**
 * The examples of the component in another program, taken out of the README and of
 * docs/component.md so `scripts/check-package.sh` compiles them in a stranger's program
 * against the packed package (at both ends of the peer ranges), the same way as that
 * program's own code.
 *
 *   ts-node scripts/readme-example.ts <dir>   write readme-example.ts and component-example-<n>.ts
 *                                             into <dir>; exit 1 if the README lacks its example
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** The README section that shows the package in use. */
export const SECTION = "## Use the component in your own Pulumi program";

/** The fenced TypeScript blocks of that section, in order. */
export function sectionExamples(readme: string): string[] {
    const start = readme.indexOf(SECTION);
    if (start < 0) throw new Error(`README.md has no '${SECTION}' section`);
    const next = readme.indexOf("\n## ", start + SECTION.length);
    const section = readme.slice(start, next < 0 ? undefined : next);
    return [...section.matchAll(/```(?:typescript|ts)\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** The section's one example, which must import the package by its published name. */
export function packageExample(readme: string, packageName: string): string {
    const examples = sectionExamples(readme);
    if (examples.length !== 1) throw new Error(`'${SECTION}' has ${examples.length} TypeScript examples; expected one`);
    if (!examples[0].includes(`from "${packageName}"`)) throw new Error(`the README example does not import "${packageName}"`);
    return examples[0];
}

/** The TypeScript examples of a docs page (every fenced `typescript` block that imports `packageName`). */
export function docExamples(markdown: string, packageName: string): string[] {
    return [...markdown.matchAll(/```(?:typescript|ts)\n([\s\S]*?)```/g)].map((m) => m[1])
        .filter((example) => example.includes(`from "${packageName}`));
}

if (require.main === module) {
    const [out] = process.argv.slice(2);
    if (!out) throw new Error("usage: ts-node scripts/readme-example.ts <dir>");
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string };
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "readme-example.ts"),
        `// From README.md, '${SECTION}'.\n${packageExample(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"), pkg.name)}`);
    const component = docExamples(fs.readFileSync(path.join(ROOT, "docs", "component.md"), "utf8"), pkg.name);
    if (component.length === 0) throw new Error("docs/component.md has no TypeScript example that imports the package");
    component.forEach((example, i) =>
        fs.writeFileSync(path.join(out, `component-example-${i + 1}.ts`), `// From docs/component.md, example ${i + 1}.\n${example}`));
}
