/**
 * Writes the pull-request workflow from its one definition (scripts/pr-checks/definition.ts).
 *
 *   npm run gen:workflow              rewrite .github/workflows/preview.yml
 *   npm run gen:workflow -- --check   exit 1 when the committed file is out of date
 *
 * `tests/pr-workflow.test.ts` runs the same comparison in `npm test`.
 */
import * as fs from "fs";
import * as path from "path";
import { PR_CHECK, pulumiVersionOf } from "./pr-checks/definition";
import { renderWorkflow } from "./pr-checks/workflow";

/** Root of the repository. */
export const ROOT = path.resolve(__dirname, "..");

/** The Pulumi CLI version the e2e toolchain builds, which the workflow installs too. */
export function toolchainPulumiVersion(): string {
    return pulumiVersionOf(fs.readFileSync(path.join(ROOT, "scripts", "e2e", "versions.env"), "utf8"));
}

/** The workflow file: its path, what is committed (undefined when missing) and what the definition gives. */
export function generatedWorkflow(): { file: string; current: string | undefined; expected: string } {
    const file = path.join(ROOT, PR_CHECK.workflowFile);
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    return { file, current, expected: renderWorkflow(PR_CHECK, toolchainPulumiVersion()) };
}

if (require.main === module) {
    const { file, current, expected } = generatedWorkflow();
    const relative = path.relative(ROOT, file);
    if (process.argv.includes("--check")) {
        if (current !== expected) {
            console.error(`${relative} is out of date: run npm run gen:workflow`);
            process.exit(1);
        }
        console.log(`${relative} is up to date`);
    } else {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, expected);
        console.log(`wrote ${relative}`);
    }
}
