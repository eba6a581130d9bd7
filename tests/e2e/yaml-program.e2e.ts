/**
 * The component from another Pulumi language, with the real engine: a Pulumi YAML program
 * adds the component package with `pulumi package add <repository>/provider`, then uses
 * `openhands:index:OpenHands` through preview, up (checked against the API server) and
 * destroy. The packed tarball, unpacked, serves the same schema through the engine.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import type { OpenHandsArgs } from "../../components";
import { OpenHands, OPENHANDS_TYPE } from "../../components/openhands";
import type { PackageSpec } from "../../scripts/component-schema";
import { inferSchema, PLUGIN_DIR, schemaShape } from "../../scripts/component-schema";
import { runMocked } from "../support/stack";
import { type E2eEnvironment, setUp, tearDown } from "../../scripts/e2e/cluster-environment";
import { getJson, phase, ROOT } from "./helpers";

const NAMESPACE = "openhands-yaml";
const NODE_PORT = 30496;
/** The component's properties in the YAML program: what other languages pass as args. */
const ARGS: OpenHandsArgs = {
    platform: "openshift",
    namespace: NAMESPACE,
    guideNames: true,
    nodePort: NODE_PORT,
    // The local control plane's node holds the hostPath data.
    nodeName: "e2e-node-0",
    // Without this the claims and their volumes are protected, and `pulumi destroy` keeps them.
    protectData: false,
    // A platform's option group, a nested object type in the schema, from YAML as from TypeScript.
    openshift: { workspaceSize: "3Gi" },
};
/** The component outputs the program exports as stack outputs. */
const OUTPUTS = ["namespace", "workloadKind", "workloadName", "serviceName", "serviceType", "nodePort", "uiAccess"] as const;
/** The resource's name in the program (the component's name). */
const NAME = "openhands";

/** Pulumi.yaml of the program: the component and its outputs; `packages` is left to `pulumi package add`. */
function yamlProgram(): string {
    return yaml.dump({
        name: "openhands-from-yaml",
        runtime: "yaml",
        description: "OpenHands through the component package, from Pulumi YAML",
        resources: { [NAME]: { type: OPENHANDS_TYPE, properties: ARGS } },
        outputs: Object.fromEntries(OUTPUTS.map((output) => [output, `\${${NAME}.${output}}`])),
    });
}

/** Runs the toolchain's pulumi CLI in `cwd`; fails the test with its output when it fails. */
function pulumi(e2e: E2eEnvironment, cwd: string, args: string[]): string {
    const result = spawnSync("pulumi", args, { cwd, env: e2e.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    assert.strictEqual(result.status, 0, `pulumi ${args.join(" ")}:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
}

/** `type name` of every resource a preview would create, providers left out. */
async function plannedCreates(stack: Stack): Promise<string[]> {
    const planned: string[] = [];
    await stack.preview({
        onEvent: (event) => {
            const meta = event.resourcePreEvent?.metadata;
            if (meta?.op === "create" && !meta.type.startsWith("pulumi:providers:")) planned.push(`${meta.type} ${meta.urn.split("::").pop()}`);
        },
    });
    return planned.sort();
}

describe("e2e: the component from a Pulumi YAML program", function () {
    this.timeout(20 * 60 * 1000);
    let e2e: E2eEnvironment;
    let program: string;
    let stack: Stack | undefined;

    before(() => {
        e2e = setUp();
        program = path.join(e2e.tmp, "yaml-program");
        fs.mkdirSync(program);
        fs.writeFileSync(path.join(program, "Pulumi.yaml"), yamlProgram());
    });
    after(async () => {
        if (stack) await stack.destroy().catch(() => undefined);
        if (e2e) tearDown(e2e);
    });

    it("pulumi package add <repository>/provider records the component package in Pulumi.yaml", async () => {
        await phase("pulumi package add", async () => pulumi(e2e, program, ["package", "add", PLUGIN_DIR]));
        const project = yaml.load(fs.readFileSync(path.join(program, "Pulumi.yaml"), "utf8")) as { packages?: Record<string, unknown> };
        assert.deepStrictEqual(project.packages, { openhands: PLUGIN_DIR });
    });

    it("previews exactly the resources the component registers in TypeScript with the same args", async () => {
        const pulumiCommand = e2e.bin ? await PulumiCommand.get({ root: path.dirname(e2e.bin) }) : undefined;
        stack = await LocalWorkspace.createOrSelectStack({ stackName: "e2e-yaml", workDir: program }, { envVars: e2e.env, pulumiCommand });
        const planned = await phase("preview", () => plannedCreates(stack!));
        const { resources } = await runMocked({}, [], "e2e-yaml", () => new OpenHands(NAME, ARGS));
        const declared = [...resources.map((r) => `${r.type} ${r.name}`).filter((r) => !r.startsWith("pulumi:providers:")),
            "pulumi:pulumi:Stack openhands-from-yaml-e2e-yaml"].sort();
        console.log(`      [e2e] preview of the YAML program: ${planned.length} to create; the component registers ${resources.length} in TypeScript`);
        assert.deepStrictEqual(planned, declared);
    });

    it("deploys with pulumi up: the objects are in the API server and the outputs say where", async () => {
        const result = await phase("up", () => stack!.up());
        assert.strictEqual(result.summary.result, "succeeded");
        const out = Object.fromEntries(Object.entries(result.outputs).map(([key, output]) => [key, output.value as unknown]));
        assert.strictEqual(out.namespace, NAMESPACE);
        assert.strictEqual(out.nodePort, NODE_PORT);
        assert.strictEqual(out.workloadKind, "Pod");
        assert.strictEqual(out.serviceType, "NodePort");
        assert.match(String(out.uiAccess), new RegExp(`${NODE_PORT}`));

        const pod = getJson(e2e, ["-n", NAMESPACE, "pod", out.workloadName as string]);
        assert.ok(pod.status.conditions.some((c: any) => c.type === "Ready" && c.status === "True"), "Pod Ready");
        const service = getJson(e2e, ["-n", NAMESPACE, "service", out.serviceName as string]);
        assert.strictEqual(service.spec.ports[0].nodePort, NODE_PORT);
        const claims = getJson(e2e, ["-n", NAMESPACE, "pvc"]).items;
        assert.ok(claims.length > 0 && claims.every((c: any) => c.status.phase === "Bound"), "every claim Bound");
    });

    it("destroys everything it made", async () => {
        await phase("destroy", () => stack!.destroy());
        const state = await stack!.exportStack();
        assert.deepStrictEqual(state.deployment?.resources ?? [], []);
        const left = getJson(e2e, ["pv,namespace", "-l", "app.kubernetes.io/part-of=openhands"]);
        assert.deepStrictEqual(left.items.filter((i: any) => i.status?.phase !== "Terminating")
            .map((i: any) => `${i.kind}/${i.metadata.name}`), []);
        await stack!.workspace.removeStack("e2e-yaml");
        stack = undefined;
    });

    it("the packed tarball, unpacked, serves the repository's schema through the engine", async () => {
        const unpacked = path.join(e2e.tmp, "tarball");
        fs.mkdirSync(unpacked);
        const tarball = await phase("npm run build and npm pack", async () => {
            const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: ROOT, encoding: "utf8" });
            assert.strictEqual(build.status, 0, build.stderr);
            const pack = spawnSync("npm", ["pack", "--silent", "--pack-destination", unpacked], { cwd: ROOT, encoding: "utf8" });
            assert.strictEqual(pack.status, 0, pack.stderr);
            return path.join(unpacked, pack.stdout.trim().split("\n").pop()!);
        });
        assert.strictEqual(spawnSync("tar", ["-xzf", tarball, "-C", unpacked]).status, 0);
        // Stands in for `npm install` in the unpacked package (offline: the same versions, already installed).
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(unpacked, "package", "node_modules"));
        const served = await phase("pulumi package get-schema <tarball>/provider", async () =>
            JSON.parse(pulumi(e2e, unpacked, ["package", "get-schema", path.join(unpacked, "package", "provider")])) as PackageSpec);
        const shape = schemaShape(served);
        console.log(`      [e2e] schema from the tarball: ${Object.keys(served.resources).join(", ")}; ` +
            `OpenHands ${shape[`${OPENHANDS_TYPE} inputs`].length} inputs, ${shape[`${OPENHANDS_TYPE} outputs`].length} outputs`);
        assert.deepStrictEqual(shape, schemaShape(inferSchema(PLUGIN_DIR, e2e.env)));
    });
});
