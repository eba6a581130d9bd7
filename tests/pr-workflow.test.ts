/**
 * The pull-request workflow (.github/workflows/preview.yml, written by hand) does what
 * the README promises: on every pull request, npm ci and npm test, then a preview of
 * both stacks with the policy pack, with pinned actions, the least rights, and the Pulumi
 * CLI the e2e suite runs. `npm run lint:workflows` checks the rest of its syntax.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { LOCAL_CONFIG, localConfig, parseRequest } from "../scripts/preview-pr";
import { literalConfig, parsePrWorkflow, ROOT, toolchainPulumiVersion, WORKFLOW_FILE } from "../scripts/pr-workflow";

const text = fs.readFileSync(path.join(ROOT, WORKFLOW_FILE), "utf8");
const workflow = yaml.load(text) as any;
const job = workflow.jobs.preview;
const steps: any[] = job.steps;
const preview = steps.find((s) => String(s.uses).startsWith("pulumi/actions@"));

describe(`the pull-request workflow (${WORKFLOW_FILE})`, () => {
    it("runs on pull requests", () => {
        assert.deepStrictEqual(Object.keys(workflow.on), ["pull_request"]);
    });

    it("previews both stacks, openshift and gke, each in its own job", () => {
        assert.deepStrictEqual(job.strategy.matrix.include.map((e: any) => e.stack), ["openshift", "gke"]);
        assert.strictEqual(job.strategy["fail-fast"], false, "one stack's failure does not hide the other's preview");
        assert.strictEqual(preview.with["stack-name"], "${{ matrix.stack }}");
    });

    it("gives each stack the config its stack file leaves to the repository: openshift's node, gke's project", () => {
        const configMap = (stack: string) => String(job.strategy.matrix.include.find((e: any) => e.stack === stack)["config-map"]);
        assert.match(configMap("openshift"), /"openhands:nodeName".*vars\.OPENSHIFT_NODE/);
        assert.match(configMap("gke"), /"gcp:project".*vars\.GCP_PROJECT/);
    });

    it("runs npm ci and npm test, then pulumi preview with the policy pack `policy`", () => {
        const runs = steps.filter((s) => s.run).map((s) => String(s.run).trim());
        assert.deepStrictEqual(runs.slice(0, 2), ["npm ci --no-audit --no-fund", "npm test"]);
        assert.ok(steps.findIndex((s) => s.run === "npm test") < steps.indexOf(preview));
        assert.strictEqual(preview.with.command, "preview");
        assert.strictEqual(preview.with.policyPacks, "policy");
        assert.ok(fs.existsSync(path.join(ROOT, preview.with["work-dir"], "policy", "PulumiPolicy.yaml")));
        assert.strictEqual(preview.with["comment-on-pr"], true);
    });

    it("pins every action to a full commit SHA", () => {
        const uses = steps.filter((s) => s.uses).map((s) => String(s.uses));
        assert.deepStrictEqual(uses.map((u) => u.split("@")[0]), ["actions/checkout", "actions/setup-node", "pulumi/actions"]);
        for (const u of uses) assert.match(u, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/, u);
    });

    it("installs the Pulumi CLI version the e2e suite builds (scripts/e2e/versions.env)", () => {
        assert.strictEqual(preview.with["pulumi-version"], toolchainPulumiVersion());
    });

    it("grants nothing at the top, and the job only reads code and writes PR comments", () => {
        assert.deepStrictEqual(workflow.permissions, {});
        assert.deepStrictEqual(job.permissions, { contents: "read", "pull-requests": "write" });
        const checkout = steps.find((s) => String(s.uses).startsWith("actions/checkout@"));
        assert.strictEqual(checkout.with["persist-credentials"], false, "the token is not left in .git/config");
        assert.doesNotMatch(text, /\$\{\{[^}]*secrets\[/, "a computed secrets[...] sends every repository secret to the job");
    });

    describe("as npm run preview:pr reads it (scripts/pr-workflow.ts)", () => {
        const check = parsePrWorkflow(text);

        it("finds the setup steps, the stacks, the policy pack and the CLI version", () => {
            assert.deepStrictEqual(check.setup.map((s) => s.run), ["npm ci --no-audit --no-fund", "npm test"]);
            assert.deepStrictEqual(check.stacks.map((s) => s.name), ["openshift", "gke"]);
            assert.deepStrictEqual(check.preview.policyPacks, ["policy"]);
            assert.strictEqual(check.preview.upsert, true);
            assert.strictEqual(check.preview.pulumiVersion, toolchainPulumiVersion());
        });

        it("keeps a config map's literal values and drops what only GitHub can fill", () => {
            assert.deepStrictEqual(literalConfig('{"a:b": {"value": "x"}, "c:d": {"value": ${{ toJSON(vars.D) }}}}'), { "a:b": "x" });
            assert.deepStrictEqual(literalConfig("{}"), {});
        });

        it("previews gke without a GKE cluster, openshift on the local node, and says why", () => {
            assert.deepStrictEqual(localConfig(check.stacks.find((s) => s.name === "gke")!), { "openhands:createCluster": "false" });
            assert.deepStrictEqual(localConfig(check.stacks.find((s) => s.name === "openshift")!), { "openhands:nodeName": "e2e-node-0" });
            for (const entry of Object.values(LOCAL_CONFIG)) assert.ok(entry.why.length > 0);
        });

        it("refuses an unknown option and a directory without a Pulumi project", () => {
            assert.throws(() => parseRequest(["--skip"], ROOT), /usage: npm run preview:pr/);
            assert.throws(() => parseRequest(["--work-dir", "tests"], ROOT), /holds no Pulumi.yaml/);
            assert.deepStrictEqual(parseRequest(["--skip-setup", "--local-cluster"], ROOT),
                { skipSetup: true, workDir: ROOT, localCluster: true });
        });
    });
});
