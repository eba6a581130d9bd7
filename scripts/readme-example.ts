/**
 * The README's example of the component in another program, taken out of the README so
 * `scripts/check-package.sh` compiles it in a stranger's program against the packed
 * package (at both ends of the peer ranges), the same way as that program's own code.
 *
 *   ts-node scripts/readme-example.ts <file>   write the example to <file>; exit 1 if the README lacks it
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

if (require.main === module) {
    const [out] = process.argv.slice(2);
    if (!out) throw new Error("usage: ts-node scripts/readme-example.ts <file>");
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string };
    fs.writeFileSync(out, `// From README.md, '${SECTION}'.\n${packageExample(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"), pkg.name)}`);
}
