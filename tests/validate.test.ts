/** The pure validators, without Pulumi. */
import * as assert from "assert";
import {
    absolutePath, claimFitsVolume, directoriesApart, dnsLabel, hostDirectory, normalizePath, imageReference, integerInRange, InvalidSettingsError, jsonObject,
    oneOf, parseStorageQuantity, storageQuantity, throwIfProblems,
} from "../components/settings/validate";

describe("validators", () => {
    it("parse storage quantities in binary and decimal units", () => {
        assert.strictEqual(parseStorageQuantity("2Gi"), 2 * 1024 ** 3);
        assert.strictEqual(parseStorageQuantity("500M"), 500e6);
        assert.strictEqual(parseStorageQuantity("1.5Ti"), 1.5 * 1024 ** 4);
        assert.strictEqual(parseStorageQuantity("1024"), 1024);
        for (const bad of ["", "Gi", "2 Gi", "2GB", "-1Gi", "100m", "1e3"]) {
            assert.strictEqual(parseStorageQuantity(bad), undefined, bad);
        }
    });

    it("accept what Kubernetes accepts and name the key in every refusal", () => {
        assert.strictEqual(storageQuantity("k", "10Gi"), undefined);
        assert.strictEqual(dnsLabel("k", "openhands"), undefined);
        assert.strictEqual(absolutePath("k", "/tmp/workspace"), undefined);
        assert.strictEqual(integerInRange("k", 30000, 30000, 32767), undefined);
        assert.strictEqual(oneOf("k", "gke", ["openshift", "gke"]), undefined);
        for (const problem of [
            storageQuantity("my:key", "lots"), dnsLabel("my:key", "-bad"), absolutePath("my:key", "./x"),
            integerInRange("my:key", 32768, 30000, 32767), oneOf("my:key", "GKE", ["openshift", "gke"]),
            imageReference("my:key", "Ghcr.io/Org/App:1"), jsonObject("my:key", "{"),
        ]) {
            assert.ok(problem?.startsWith("my:key: "), String(problem));
            assert.match(String(problem), /accepted: /);
        }
    });

    it("normalise host paths as the node sees them, and keep the workspace and the state apart", () => {
        for (const [raw, normal] of [["/var/lib/openhands/", "/var/lib/openhands"], ["//var//lib/openhands", "/var/lib/openhands"],
            ["/var/./lib/openhands", "/var/lib/openhands"], ["/srv/a/../b", "/srv/b"], ["/", "/"], ["//", "/"]]) {
            assert.strictEqual(normalizePath(raw), normal, raw);
        }
        assert.strictEqual(directoriesApart("w", "/var/lib/openhands-workspace", "s", "/var/lib/openhands"), undefined);
        assert.strictEqual(directoriesApart("w", "/srv/ws", "s", "/srv/state"), undefined);
        for (const [w, st, how] of [["/var/lib/openhands/", "/var/lib/openhands", "is the same directory as"],
            ["//srv//oh", "/srv/oh/.", "is the same directory as"], ["/var/lib/openhands/workspace", "/var/lib/openhands", "is inside"],
            ["/srv", "/srv/oh/state", "contains"]]) {
            assert.match(String(directoriesApart("w", w, "s", st)), new RegExp(`^w: .* ${how} s .*accepted: two directories apart`), `${w} ${st}`);
        }
    });

    it("refuse the runtime, network and OS directories of OpenShift/RHCOS, RKE2/k3s, containerd and the kubelet", () => {
        for (const path of ["/var/lib/containers/storage", "/run/containers", "/var/lib/cni/networks", "/etc/cni/net.d", "/opt/cni/bin",
            "/run/multus", "/var/lib/multus", "/sysroot", "/ostree/deploy", "/boot", "/var/lib/rancher/k3s", "/var/lib/containerd",
            "/run/containerd", "/var/lib/kubelet", "/var/lib/crio", "/var/lib/openvswitch", "/var/home/core/.ssh", "/var/./run",
            "/var/lib", "/var/lib/"]) {
            assert.match(String(hostDirectory("k", path)), /^k: .*is or contains the node's/, path);
        }
        for (const path of ["/var/lib/openhands", "/var/lib/openhands-workspace", "/srv/openhands", "/data/oh", "/mnt/disk1/oh", "/tmp/workspace"]) {
            assert.strictEqual(hostDirectory("k", path), undefined, path);
        }
    });

    it("accept image references with registry ports, tags and digests", () => {
        for (const ok of ["ghcr.io/all-hands-ai/openhands:main", "localhost:5000/oh:0.59", "docker.io/library/docker:28-dind",
            "ghcr.io/x/y@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "busybox"]) {
            assert.strictEqual(imageReference("k", ok), undefined, ok);
        }
    });

    it("compare a claim with its volume by bytes, across units", () => {
        assert.strictEqual(claimFitsVolume("c", "1Gi", "v", "2Gi"), undefined);
        assert.strictEqual(claimFitsVolume("c", "2048Mi", "v", "2Gi"), undefined);
        assert.match(String(claimFitsVolume("c", "3G", "v", "2Gi")), /never bind/);
    });

    it("refuse a JSON key file that is not an object without echoing it", () => {
        assert.strictEqual(jsonObject("k", "{\"type\":\"service_account\"}"), undefined);
        assert.match(String(jsonObject("k", "null")), /not an object/);
        assert.ok(!String(jsonObject("k", "secret-material")).includes("secret-material"));
    });

    it("gather problems into one error that lists them all", () => {
        assert.doesNotThrow(() => throwIfProblems([undefined, undefined]));
        assert.throws(() => throwIfProblems(["a: bad", undefined, "b: worse"]), (err: unknown) => {
            assert.ok(err instanceof InvalidSettingsError);
            assert.deepStrictEqual(err.problems, ["a: bad", "b: worse"]);
            assert.match(err.message, /nothing was deployed/);
            assert.strictEqual(err.stack, "", "no stack for the runtime to render");
            return true;
        });
    });
});
