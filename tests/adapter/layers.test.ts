/** The adapter stands alone: Node's standard library and its own modules only (as `npm run check:imports` enforces). */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { adapterMayImportPackage, importsOf, packagesOf } from "../../scripts/check-imports";

const ADAPTER = path.resolve(__dirname, "../../adapter");

describe("adapter: imports", () => {
    const files = fs.readdirSync(ADAPTER).filter((f) => f.endsWith(".ts")).map((f) => path.join(ADAPTER, f));

    it("has modules to check", () => {
        assert.ok(files.length >= 8, files.join(", "));
    });

    it("imports only Node's standard library among packages (no @pulumi/*, nothing from node_modules)", () => {
        for (const file of files) {
            for (const name of packagesOf(file)) assert.ok(adapterMayImportPackage(name), `${path.basename(file)} imports ${name}`);
        }
        assert.ok(!adapterMayImportPackage("@pulumi/pulumi"));
        assert.ok(!adapterMayImportPackage("@kubernetes/client-node"));
        assert.ok(adapterMayImportPackage("node:https") && adapterMayImportPackage("crypto"));
    });

    it("imports nothing of ours outside adapter/", () => {
        for (const file of files) {
            for (const target of importsOf(file)) assert.ok(target.startsWith(ADAPTER + path.sep), `${path.basename(file)} imports ${target}`);
        }
    });
});
