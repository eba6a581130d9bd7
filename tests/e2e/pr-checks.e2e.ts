/**
 * `npm run preview:pr`, the pull-request workflow's check run here: both stacks preview
 * with the policy pack against the local control plane, and a program with a deliberately
 * violating change (an extra ClusterRoleBinding to a `default` ServiceAccount) fails it.
 *
 * The script runs the `pulumi` on PATH against the cluster of KUBECONFIG: the environment
 * passed to it has the toolchain's bin first on PATH, the local control plane's
 * KUBECONFIG (one control plane serves both runs) and no plugin downloads. The setup
 * steps (npm ci, npm test) are skipped with --skip-setup: CI has run them in this checkout
 * moments before.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { type E2eEnvironment, setUp, tearDown } from "../../scripts/e2e/cluster-environment";
import { copyProgram } from "../../scripts/local-engine";
import { readPrWorkflow } from "../../scripts/pr-workflow";
import { phase, ROOT } from "./helpers";

/** The stacks the workflow previews. */
const STACKS = readPrWorkflow().stacks.map((s) => s.name);

/** The violating change: a module the program imports first, binding the `view` role to `default/default`. */
const VIOLATION = `import * as k8s from "@pulumi/kubernetes";

new k8s.rbac.v1.ClusterRoleBinding("pr-check-violation", {
    metadata: { name: "pr-check-violation" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
    subjects: [{ kind: "ServiceAccount", name: "default", namespace: "default" }],
});
`;

/** Runs `npm run preview:pr -- --skip-setup [extra]` on the shared control plane, with the toolchain's pulumi. */
function previewPr(e2e: E2eEnvironment, extra: string[]): { status: number; output: string } {
    const result = spawnSync("npm", ["run", "--silent", "preview:pr", "--", "--skip-setup", ...extra],
        { cwd: ROOT, env: e2e.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

describe("e2e: npm run preview:pr (the pull-request check, run here)", function () {
    this.timeout(20 * 60 * 1000);
    let e2e: E2eEnvironment;

    before(() => {
        e2e = setUp();
    });
    after(() => {
        if (e2e) tearDown(e2e);
    });

    it("passes for every stack of the workflow, with the policy pack", async () => {
        const run = await phase("npm run preview:pr (this work tree)", () => Promise.resolve(previewPr(e2e, [])));
        assert.strictEqual(run.status, 0, run.output.slice(-4000));
        for (const stack of STACKS) assert.match(run.output, new RegExp(`\\[preview:pr\\] ${stack}: passed`));
        if (e2e.bin) assert.ok(run.output.includes(`(${path.join(e2e.bin, "pulumi")})`), "the pulumi on PATH, here the toolchain's");
        assert.match(run.output, /preview:pr: openshift passed, gke passed/);
        // The pack really ran: its advisory finding on the privileged Docker daemon is in the output.
        assert.match(run.output, /\[advisory\]\s+no-privileged-containers/);
    });

    it("fails both stacks on a program with an extra ClusterRoleBinding to a default ServiceAccount", async () => {
        const program = path.join(e2e.tmp, "violating-program");
        copyProgram(program);
        fs.rmSync(path.join(program, "node_modules"));
        fs.writeFileSync(path.join(program, "pr-check-violation.ts"), VIOLATION);
        const index = path.join(program, "index.ts");
        fs.writeFileSync(index, `import "./pr-check-violation";\n${fs.readFileSync(index, "utf8")}`);

        const run = await phase("npm run preview:pr (violating program)", () => Promise.resolve(previewPr(e2e, ["--work-dir", program])));
        assert.notStrictEqual(run.status, 0, "the check must fail");
        for (const stack of STACKS) assert.match(run.output, new RegExp(`\\[preview:pr\\] ${stack}: FAILED`));
        assert.match(run.output, /\[mandatory\]\s+no-default-serviceaccount-cluster-binding/);
        const findings = run.output.match(/ClusterRoleBinding pr-check-violation binds ServiceAccount default\/default/g) ?? [];
        assert.ok(findings.length >= STACKS.length, `the binding is named for every stack (${findings.length} times)`);
    });
});
