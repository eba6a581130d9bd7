/**
 * The pull-request workflow is what its one definition generates, and says what the
 * issue asks of it: pinned actions, least privilege, one run per PR and stack, npm ci,
 * npm test, then a preview of each stack with the policy pack.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { generatedWorkflow, ROOT, toolchainPulumiVersion } from "../scripts/gen-workflow";
import { PR_CHECK, pulumiVersionOf } from "../scripts/pr-checks/definition";
import { renderWorkflow, scalar } from "../scripts/pr-checks/workflow";
import { localConfig, parseRequest } from "../scripts/preview-pr";

const { current, expected } = generatedWorkflow();
const workflow = yaml.load(current ?? "") as any;
const job = workflow?.jobs?.preview;
const steps: any[] = job?.steps ?? [];

describe("the pull-request workflow (.github/workflows/preview.yml)", () => {
    it("is committed and matches what the definition generates (npm run gen:workflow)", () => {
        assert.ok(current !== undefined, `${PR_CHECK.workflowFile} is missing: run npm run gen:workflow`);
        assert.ok(current === expected, `${PR_CHECK.workflowFile} is out of date: run npm run gen:workflow`);
    });

    it("would notice a change to the definition", () => {
        const changed = renderWorkflow({ ...PR_CHECK, preview: { ...PR_CHECK.preview, policyPacks: [] } }, toolchainPulumiVersion());
        assert.notStrictEqual(changed, current);
    });

    it("runs on pull requests only", () => {
        assert.deepStrictEqual(Object.keys(workflow.on), ["pull_request"]);
    });

    it("pins every action to a full commit, with its release in a comment", () => {
        const usesLines = (current ?? "").split("\n").filter((line) => /^\s*(-\s*)?uses:/.test(line));
        assert.strictEqual(usesLines.length, 3);
        for (const line of usesLines) {
            assert.match(line, /uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v[0-9]+\.[0-9]+\.[0-9]+$/, line);
        }
        assert.deepStrictEqual(steps.filter((s) => s.uses).map((s) => s.uses.split("@")[0]),
            ["actions/checkout", "actions/setup-node", "pulumi/actions"]);
    });

    it("grants nothing at the top and only read code / write PR comments to the job", () => {
        assert.deepStrictEqual(workflow.permissions, {});
        assert.deepStrictEqual(job.permissions, { contents: "read", "pull-requests": "write" });
        const checkout = steps.find((s) => String(s.uses).startsWith("actions/checkout@"));
        assert.strictEqual(checkout.with["persist-credentials"], false, "the token is not left in .git/config");
    });

    it("runs one preview per pull request and stack, a new push cancelling the old", () => {
        assert.match(job.concurrency.group, /\$\{\{ github\.event\.pull_request\.number \}\}/);
        assert.match(job.concurrency.group, /\$\{\{ matrix\.stack \}\}/);
        assert.strictEqual(job.concurrency["cancel-in-progress"], true);
        assert.strictEqual(job.strategy["fail-fast"], false, "one stack's failure does not hide the other's preview");
    });

    it("previews every stack file of the repository", () => {
        const stackFiles = fs.readdirSync(ROOT).map((f) => /^Pulumi\.([a-z0-9-]+)\.yaml$/.exec(f)?.[1])
            .filter((s): s is string => s !== undefined && !s.startsWith("e2e-")).sort();
        assert.deepStrictEqual(job.strategy.matrix.include.map((e: any) => e.stack).sort(), stackFiles);
    });

    it("installs with npm ci and runs npm test before previewing", () => {
        const runs = steps.filter((s) => s.run).map((s) => s.run.trim());
        assert.strictEqual(runs[0], "npm ci --no-audit --no-fund");
        assert.strictEqual(runs[1], "npm test");
        assert.ok(steps.findIndex((s) => s.run === "npm test") < steps.findIndex((s) => String(s.uses).startsWith("pulumi/actions@")));
    });

    it("previews with the policy pack through pulumi/actions, commenting on the PR, with the engine the e2e suite runs", () => {
        const preview = steps.find((s) => String(s.uses).startsWith("pulumi/actions@"));
        assert.strictEqual(preview.with.command, "preview");
        assert.strictEqual(preview.with["stack-name"], "${{ matrix.stack }}");
        assert.strictEqual(preview.with.policyPacks, "policy");
        assert.ok(fs.existsSync(path.join(ROOT, preview.with["work-dir"], "policy", "PulumiPolicy.yaml")));
        assert.strictEqual(preview.with["comment-on-pr"], true);
        assert.strictEqual(preview.with["pulumi-version"], toolchainPulumiVersion());
    });

    it("gives each stack only its own cloud secrets, each named literally", () => {
        assert.match(job.env.GOOGLE_CREDENTIALS, /^\$\{\{ \(matrix\.stack == 'gke'\) && secrets\.GOOGLE_CREDENTIALS \|\| '' \}\}$/);
        assert.ok(!(current ?? "").includes("secrets["), "a computed secrets[...] sends every repository secret to the job");
        const gke = job.strategy.matrix.include.find((e: any) => e.stack === "gke");
        assert.deepStrictEqual(Object.keys(JSON.parse(gke["config-map"].replace(/\$\{\{ toJSON\(vars\.\w+\) \}\}/g, "\"x\""))),
            ["gcp:project"]);
    });

    it("writes scalars that read back as the same string", () => {
        for (const text of ["npm test", "{}", "3.274.1", "true", "a: b", "x # y", "preview (${{ matrix.stack }})", "\"q\"", "-x", "policy\nother"]) {
            assert.strictEqual((yaml.load(`k: ${scalar(text)}`) as { k: unknown }).k, text, text);
        }
    });

    it("reads the Pulumi version of versions.env", () => {
        assert.strictEqual(pulumiVersionOf("A=1\nPULUMI_VERSION=v3.274.1\n"), "3.274.1");
        assert.throws(() => pulumiVersionOf("PULUMI_VERSION=latest\n"));
    });

    describe("npm run preview:pr, the same check here", () => {
        it("changes a stack's config only where the definition says why", () => {
            for (const stack of PR_CHECK.stacks) {
                const local = localConfig(stack);
                if (Object.keys(stack.localConfig).length > 0) assert.ok(stack.localReason, `${stack.name} says why it differs`);
                for (const [key, value] of Object.entries(stack.ciConfig)) {
                    if ("value" in value && !(key in stack.localConfig)) assert.strictEqual(local[key], value.value);
                }
            }
            assert.deepStrictEqual(localConfig(PR_CHECK.stacks.find((s) => s.name === "gke")!), { "openhands:createCluster": "false" });
        });

        it("refuses an unknown option and a directory without a Pulumi project", () => {
            assert.throws(() => parseRequest(["--skip"], ROOT), /usage: npm run preview:pr/);
            assert.throws(() => parseRequest(["--work-dir", "tests"], ROOT), /holds no Pulumi.yaml/);
            assert.deepStrictEqual(parseRequest(["--skip-setup"], ROOT), { skipSetup: true, workDir: ROOT });
        });
    });
});
