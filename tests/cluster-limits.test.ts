/**
 * Values the cluster would refuse, or rewrite, after a clean preview (issue 25, item 6): the pure
 * checks and what the builders make of the values they let through.
 */
import * as assert from "assert";
import { settingsFor } from "./support/settings";
import { canonicalBytes, canonicalCpu } from "../components/quantities";
import { cpuQuantity, memoryQuantity, storageQuantity } from "../components/settings/validate";

describe("values the cluster would refuse later", () => {
    describe("quantities", () => {
        it("are written back as the API server writes them", () => {
            for (const [given, canonical] of [["2Gi", "2Gi"], ["1024Mi", "1Gi"], ["1.5Gi", "1536Mi"], ["2048Ki", "2Mi"],
                ["1000Mi", "1000Mi"], ["1000000", "1M"], ["1500M", "1500M"], ["1.5G", "1500M"], ["0.5Ti", "512Gi"], ["64Ti", "64Ti"],
                ["1048576", "1048576"], ["0.5Ki", "512"], ["0", "0"]]) {
                assert.strictEqual(canonicalBytes(given), canonical, given);
            }
            for (const [given, canonical] of [["250m", "250m"], ["0.5", "500m"], ["2000m", "2"], ["2", "2"], ["1.25", "1250m"],
                ["0.001", "1m"], ["1000m", "1"]]) {
                assert.strictEqual(canonicalCpu(given), canonical, given);
            }
            for (const bad of ["1e3", "1e3Gi", "1.0001Ki", "2 Gi", "1Gb", "-1Gi"]) assert.strictEqual(canonicalBytes(bad), undefined, bad);
            for (const bad of ["0.0005", "1e3", "0.5m", "1Gi"]) assert.strictEqual(canonicalCpu(bad), undefined, bad);
        });

        it("stay within bounds that keep them written with a suffix, never as an exponent", () => {
            assert.strictEqual(storageQuantity("k", "64Ti"), undefined);
            assert.strictEqual(memoryQuantity("k", "1Ti"), undefined);
            assert.strictEqual(cpuQuantity("k", "512"), undefined);
            for (const [problem, pattern] of [
                [storageQuantity("k", "10000000000000000000000"), /^k: '10000000000000000000000' is more than 64Ti.*accepted: /],
                [storageQuantity("k", "65Ti"), /is more than 64Ti/],
                [storageQuantity("k", "1e3Gi"), /is not a storage quantity.*no exponent/],
                [storageQuantity("k", "1000E"), /is more than 64Ti/],
                [memoryQuantity("k", "2Ti"), /is more than 1Ti/],
                [cpuQuantity("k", "4000"), /is more than 512 cores/],
                [cpuQuantity("k", "0.0005"), /whole millicores/],
            ] as const) {
                assert.match(String(problem), pattern);
            }
        });

        it("reach the objects in their canonical form", () => {
            const settings = settingsFor({
                platform: "openshift", nodePort: 30300, workspaceSize: "2048Mi", workspaceClaimSize: "0.5Gi", stateSize: "1024Mi",
                dindStorageSize: "20480Mi", resources: { app: { cpuLimit: "2000m", memoryLimit: "4096Mi", cpuRequest: "0.5" } },
            });
            assert.deepStrictEqual([settings.workspaceSize, settings.workspaceClaimSize, settings.stateSize, settings.dindStorageSize],
                ["2Gi", "512Mi", "1Gi", "20Gi"]);
            assert.deepStrictEqual(settings.resources.app, { cpuRequest: "500m", memoryRequest: "1Gi", cpuLimit: "2", memoryLimit: "4Gi" });
            assert.strictEqual(settingsFor({ platform: "gke", persistentWorkspaceSize: "10240Mi" }).persistentWorkspaceSize, "10Gi");
        });
    });
});
