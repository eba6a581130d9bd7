/**
 * The floor of a mocha run for `npm run bench`: mocha with the test runs' preloads, one
 * test file, and the SDKs every test file loads. Not part of `npm test`.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";

describe("floor", () => {
    it("loads the SDKs", () => {
        assert.strictEqual(typeof pulumi.ComponentResource, "function");
        assert.strictEqual(typeof k8s.core.v1.Pod, "function");
    });
});
