/**
 * The README's component example is found where scripts/check-package.sh looks for it
 * (that script compiles it against the packed package, strictly, at both ends of the peer
 * ranges); the extraction refuses a README that lost or doubled it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { packageExample, SECTION } from "../scripts/readme-example";

const ROOT = path.resolve(__dirname, "..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const NAME = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string }).name;

describe("the README's component example (compiled by npm run check:package)", () => {
    it("is one TypeScript program importing the package by its name, using the component", () => {
        const example = packageExample(readme, NAME);
        assert.match(example, /new OpenHands\(/);
    });

    it("is refused when missing, doubled or importing another name", () => {
        const block = "```typescript\nimport { OpenHands } from \"" + NAME + "\";\n```\n";
        assert.throws(() => packageExample("# README\n", NAME), /no '## Use the component/);
        assert.throws(() => packageExample(`${SECTION}\n${block}${block}`, NAME), /2 TypeScript examples/);
        assert.throws(() => packageExample(`${SECTION}\n${block}`, "other-name"), /does not import "other-name"/);
        assert.doesNotThrow(() => packageExample(`${SECTION}\n${block}\n## Next\n${block}`, NAME));
    });
});
