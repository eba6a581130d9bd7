/**
 * The component package for other Pulumi languages (`provider/`): its directory agrees
 * with the component (runtime, name, version, exports), and the schema check refuses the
 * references that the engine cannot bind. The inference itself runs in `npm run
 * check:schema` and, through the real engine, in tests/e2e/yaml-program.e2e.ts.
 */
import * as assert from "assert";
import { pluginProblems } from "../scripts/check-schema";
import { exportedComponents, type PackageSpec, PLUGIN_DIR, providerName, readManifest, schemaShape, unbindableRefs } from "../scripts/component-schema";

/** A schema with one component whose outputs carry the given references. */
function schemaWithRefs(...refs: string[]): PackageSpec {
    const properties = Object.fromEntries(refs.map((ref, i) => [`p${i}`, { $ref: ref }]));
    return {
        name: "openhands",
        resources: { "openhands:index:OpenHands": { type: "object", isComponent: true, properties } },
        types: { "openhands:index:Platform": { type: "string", enum: [{ name: "Gke", value: "gke" }] } },
    };
}

describe("component package directory", () => {
    it("runs on Node.js, is named after the type tokens, has the npm package's version and exports both components", () => {
        assert.deepStrictEqual(pluginProblems(), []);
        assert.deepStrictEqual(exportedComponents(PLUGIN_DIR), ["GkeCluster", "OpenHands"]);
    });

    it("needs a package.json of its own: the npm package's name would give the tokens another package name", () => {
        assert.strictEqual(providerName(readManifest(PLUGIN_DIR).name), "openhands");
        assert.strictEqual(providerName("@openhands-iac/openhands-k8s"), "openhands-k8s");
    });
});

describe("schema shapes", () => {
    it("see every input, required input, output and enum value, and nothing of the encoding", () => {
        const base = schemaWithRefs("#/types/openhands:index:Platform");
        const reencoded: PackageSpec = JSON.parse(JSON.stringify({ ...base, dependencies: [] })) as PackageSpec;
        assert.deepStrictEqual(schemaShape(reencoded), schemaShape(base));
        const lessEnum: PackageSpec = { ...base, types: { "openhands:index:Platform": { type: "string", enum: [] } } };
        assert.notDeepStrictEqual(schemaShape(lessEnum), schemaShape(base));
        assert.deepStrictEqual(schemaShape(base)["openhands:index:OpenHands outputs"], ["p0"]);
    });
});

describe("schema references the engine can bind", () => {
    it("accepts local types and resources or types of other packages", () => {
        assert.deepStrictEqual(unbindableRefs(schemaWithRefs(
            "#/types/openhands:index:Platform",
            "/kubernetes/v4.34.2/schema.json#/resources/kubernetes:core/v1:Namespace",
            "/gcp/v9.37.0/schema.json#/types/gcp:container/ClusterNodeConfig:ClusterNodeConfig",
        )), []);
    });

    it("refuses the reference the inference writes for a Kubernetes provider, and a missing local type", () => {
        const problems = unbindableRefs(schemaWithRefs(
            "/kubernetes/v4.34.2/schema.json#/resources/kubernetes",
            "#/types/openhands:index:Missing",
            "/kubernetes/v4.34.2/schema.json#/resources/gcp:container/cluster:Cluster",
        ));
        assert.strictEqual(problems.length, 3, problems.join("\n"));
        assert.match(problems[0], /p0: .*#\/resources\/kubernetes is not a resource or type of another package/);
        assert.match(problems[1], /p1: .*does not define/);
    });
});
