/**
 * A program of someone else's: it installs the packed tarball of this package and
 * deploys OpenHands under Pulumi mocks, feeding it outputs of its own resources.
 * Run by scripts/check-package.sh in a temporary directory; prints one result line.
 */
import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DockerEngine, InvalidSettingsError, OpenHands, type OpenHandsArgs, Platform } from "@openhands-iac/openhands-k8s";

interface Seen { readonly type: string; readonly name: string; readonly inputs: Record<string, any> }

async function main(): Promise<void> {
    const seen: Seen[] = [];
    await pulumi.runtime.setMocks({
        newResource: (args) => {
            seen.push({ type: args.type, name: args.name, inputs: args.inputs });
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
    }, "consumer", "dev", false);

    let passed = 0;
    const check = (what: string, body: () => void): void => {
        body();
        passed++;
        console.log(`ok - ${what}`);
    };

    // Their own namespace and image, handed over as outputs.
    const ns = new k8s.core.v1.Namespace("their-namespace", { metadata: { name: "team-ai" } });
    const image = pulumi.output("registry.example.com/team/openhands:1.8.0");
    const args: OpenHandsArgs = {
        platform: Platform.Gke,
        namespace: ns.metadata.name,
        appImage: image,
        // An image handed over as an output cannot tell its release: it is stated.
        openhandsVersion: "1.8.0",
        dockerEngine: DockerEngine.Dind,
        gke: { loadBalancerSourceRanges: ["203.0.113.0/24"] },
    };
    const app = new OpenHands("agent", args);
    const namespace = await new Promise<string>((done) => app.namespace.apply((v) => { done(v); return v; }));
    await new Promise((r) => setTimeout(r, 200));

    check("the component's namespace output is the namespace it was handed", () => assert.strictEqual(namespace, "team-ai"));
    const deployment = seen.find((r) => r.type === "kubernetes:apps/v1:Deployment");
    check("a Deployment is registered in that namespace", () => assert.strictEqual(deployment?.inputs.metadata.namespace, "team-ai"));
    check("the app container runs the image output", () =>
        assert.strictEqual(deployment?.inputs.spec.template.spec.containers[0].image, "registry.example.com/team/openhands:1.8.0"));
    check("no second Namespace is created for a namespace handed over as an output", () =>
        assert.deepStrictEqual(seen.filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => r.name), ["their-namespace"]));
    check("the component hands over its Deployment and Service objects", () => {
        assert.ok(app.appDeployment instanceof k8s.apps.v1.Deployment && app.appPod === undefined);
        assert.ok(app.appService instanceof k8s.core.v1.Service);
    });
    check("bad args throw the exported error type, naming the arg", () => {
        assert.throws(() => new OpenHands("bad", { platform: Platform.OpenShift, nodePort: 80 }),
            (err: Error) => err instanceof InvalidSettingsError && /OpenHandsArgs\.nodePort/.test(err.message));
    });
    console.log(`package: ${passed} passed, 0 failed`);
}

main().catch((err) => {
    console.error(err);
    console.log("package: 0 passed, 1 failed");
    process.exit(1);
});
