/**
 * `npm run render` of both stacks, with no cluster and no cloud account, then the rendered
 * YAML applied with a server-side dry run to the local API server.
 *
 * A server-side dry run persists nothing, but admission looks objects up in the store: the
 * namespace of every namespaced object, and a pod's ServiceAccount (a pod naming a missing
 * one is refused). Those two kinds in the rendered set are therefore applied for real first,
 * then every rendered object (those again included) goes through the dry run, as one apply
 * of the whole directory.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { type E2eEnvironment, setUp, tearDown } from "../../scripts/e2e/cluster-environment";
import { kubectl, phase, ROOT } from "./helpers";

/** Kinds that admission looks up when other objects are created, applied for real before the dry run, in this order. */
const PREREQUISITES: readonly string[] = ["Namespace", "ServiceAccount"];

/**
 * Runs `npm run render -- <stack> <dir>` as a user would, without KUBECONFIG or cloud
 * credentials; the `pulumi` on PATH is the toolchain's (first on the environment's PATH),
 * which finds its plugins beside it, plugin downloads being off in that environment.
 */
function renderStack(e2e: E2eEnvironment, stack: string, dir: string): { status: number; output: string } {
    const env = { ...e2e.env };
    for (const name of ["KUBECONFIG", "GOOGLE_CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS", "CLOUDSDK_CONFIG"]) delete env[name];
    const result = spawnSync("npm", ["run", "--silent", "render", "--", stack, dir], { cwd: ROOT, env, encoding: "utf8" });
    return { status: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** The rendered manifests: path and parsed object. */
function manifests(dir: string): Array<{ file: string; object: any }> {
    return (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => ({ file: path.join(dir, f), object: yaml.load(fs.readFileSync(path.join(dir, f), "utf8")) }));
}

describe("e2e: npm run render writes manifests that a real API server accepts", function () {
    this.timeout(20 * 60 * 1000);
    let e2e: E2eEnvironment;
    let out: string;

    before(() => {
        e2e = setUp();
        out = path.join(e2e.tmp, "rendered");
    });
    after(() => {
        if (e2e) tearDown(e2e);
    });

    for (const [stack, expectedKinds] of [
        ["openshift", ["Namespace", "PersistentVolume", "PersistentVolumeClaim", "Pod", "Service", "ServiceAccount"]],
        ["gke", ["ClusterRole", "Deployment", "Service", "ServiceAccount"]],
    ] as const) {
        describe(stack, () => {
            let rendered: Array<{ file: string; object: any }> = [];

            it("renders without a cluster or a cloud account", async () => {
                const result = await phase(`npm run render -- ${stack}`, () => Promise.resolve(renderStack(e2e, stack, path.join(out, stack))));
                assert.strictEqual(result.status, 0, result.output);
                if (e2e.bin) assert.ok(result.output.includes(`(${path.join(e2e.bin, "pulumi")})`), "the pulumi on PATH, here the toolchain's");
                rendered = manifests(path.join(out, stack));
                const kinds = new Set(rendered.map((m) => m.object.kind as string));
                for (const kind of expectedKinds) assert.ok(kinds.has(kind), `a ${kind} among ${[...kinds].join(", ")}`);
                if (stack === "gke") assert.ok(!/gcp:container/.test(result.output), "no GKE cluster in a render");
            });

            it("passes a server-side dry run of every rendered object", async () => {
                assert.ok(rendered.length > 0, "rendered first");
                for (const kind of PREREQUISITES) {
                    for (const m of rendered.filter((r) => r.object.kind === kind)) {
                        const created = kubectl(e2e, ["apply", "-f", m.file]);
                        assert.strictEqual(created.status, 0, created.stderr);
                    }
                }
                const dry = await phase(`kubectl apply --dry-run=server (${stack})`,
                    () => Promise.resolve(kubectl(e2e, ["apply", "--dry-run=server", "-R", "-f", path.join(out, stack)])));
                assert.strictEqual(dry.status, 0, dry.stderr);
                const lines = dry.stdout.trim().split("\n").filter((l) => /\(server dry run\)$/.test(l));
                assert.strictEqual(lines.length, rendered.length, dry.stdout);
            });

            it("left nothing behind but what was applied for real first (it was a dry run)", () => {
                for (const m of rendered.filter((r) => !PREREQUISITES.includes(r.object.kind))) {
                    const ns = m.object.metadata.namespace;
                    const got = kubectl(e2e, ["get", ...(ns ? ["-n", ns] : []), m.object.kind, m.object.metadata.name]);
                    assert.notStrictEqual(got.status, 0, `${m.object.kind}/${m.object.metadata.name} exists`);
                }
            });

            it("fails the dry run when a rendered object is broken (the check can fail)", () => {
                const workload = rendered.find((m) => m.object.kind === "Pod" || m.object.kind === "Deployment");
                assert.ok(workload);
                const broken = structuredClone(workload.object);
                const spec = broken.kind === "Pod" ? broken.spec : broken.spec.template.spec;
                spec.containers[0].name = "Not_A_DNS_Label";
                const result = kubectl(e2e, ["apply", "--dry-run=server", "-f", "-"], yaml.dump(broken));
                assert.notStrictEqual(result.status, 0);
                assert.match(result.stderr, /Not_A_DNS_Label/);
            });
        });
    }
});
