/**
 * A program of someone else's that deploys the openshift platform with only @pulumi/pulumi
 * and @pulumi/kubernetes installed: @pulumi/gcp is an optional peer. Run by
 * scripts/check-package.sh in a temporary directory without @pulumi/gcp; prints one result line.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { OpenHands, Platform, SandboxMode } from "@openhands-iac/openhands-k8s";

async function main(): Promise<void> {
    assert.throws(() => require.resolve("@pulumi/gcp"), "this consumer must run without @pulumi/gcp installed");
    const types: string[] = [];
    const registered: Array<[string, Record<string, any>]> = [];
    await pulumi.runtime.setMocks({
        newResource: (args) => {
            types.push(args.type);
            registered.push([args.type, args.inputs]);
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
    }, "consumer", "dev", false);
    const app = new OpenHands("agent", { platform: Platform.OpenShift, nodePort: 30300, nodeName: "worker-1", openshift: { workspaceHostPath: "/var/lib/openhands-workspace" } });
    assert.ok(app.appPod !== undefined, "the openshift platform runs the app as a Pod");
    await new Promise<string>((done) => app.appPod!.urn.apply((v) => { done(v); return v; }));
    assert.ok(types.includes("kubernetes:core/v1:Pod"), types.join(", "));
    assert.ok(!types.some((t) => t.startsWith("gcp:")), types.join(", "));
    console.log("ok - the openshift platform deploys without @pulumi/gcp installed");

    // The pods mode ships the adapter's compiled code from the installed package into a ConfigMap.
    const configMaps: Array<Record<string, any>> = [];
    const pods = new OpenHands("pods", { platform: Platform.OpenShift, namespace: "pods", nodePort: 30301, sandboxes: SandboxMode.Pods,
        agentSandbox: "existing" });
    await new Promise<string>((done) => pods.appService.urn.apply((v) => { done(v); return v; }));
    await new Promise((done) => setTimeout(done, 100));
    for (const [type, inputs] of registered) if (type === "kubernetes:core/v1:ConfigMap" && inputs.data?.["main.js"]) configMaps.push(inputs);
    assert.strictEqual(configMaps.length, 1, "one ConfigMap with the adapter's code");
    assert.match(configMaps[0].data["main.js"], /require\("\.\/config"\)/, "the compiled entry module");
    console.log("ok - the pods mode ships the adapter's compiled code from the installed package");
    console.log("package: 2 passed, 0 failed");
}

main().catch((err) => {
    console.error(err);
    console.log("package: 0 passed, 2 failed");
    process.exit(1);
});
