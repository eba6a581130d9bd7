/**
 * `npm run render` and `npm run preview:pr` run the user's own Pulumi CLI
 * (scripts/local-engine.ts): the `pulumi` on PATH, a clear message when there is none, and
 * no offline settings forced on it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { INSTALL_PULUMI, pulumiOnPath, throwawayBackendEnv } from "../scripts/local-engine";

describe("the user's Pulumi engine (scripts/local-engine.ts)", () => {
    let tmp: string;
    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "local-engine-test-"));
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("takes the first executable pulumi on PATH", () => {
        const [empty, plain, cli, later] = ["empty", "plain", "cli", "later"].map((d) => path.join(tmp, d));
        for (const dir of [empty, plain, cli, later]) fs.mkdirSync(dir);
        fs.writeFileSync(path.join(plain, "pulumi"), "not executable", { mode: 0o644 });
        for (const dir of [cli, later]) fs.writeFileSync(path.join(dir, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
        assert.strictEqual(pulumiOnPath([empty, plain, cli, later].join(path.delimiter)), path.join(cli, "pulumi"));
    });

    it("says to install the Pulumi CLI when PATH has none", () => {
        assert.throws(() => pulumiOnPath(tmp), (err: Error) => err.message === INSTALL_PULUMI);
        assert.throws(() => pulumiOnPath(""), /install/);
        assert.match(INSTALL_PULUMI, /install/);
    });

    it("sets a throwaway backend and leaves the CLI's own settings as the caller has them", () => {
        const env = throwawayBackendEnv(tmp,
            { PATH: "/somewhere", PULUMI_HOME: "/home/someone/.pulumi", PULUMI_CONFIG_PASSPHRASE_FILE: "/home/someone/passphrase" });
        assert.strictEqual(env.PULUMI_BACKEND_URL, `file://${path.join(tmp, "state")}`);
        assert.ok(fs.existsSync(path.join(tmp, "state")));
        assert.strictEqual(env.PATH, "/somewhere");
        assert.strictEqual(env.PULUMI_HOME, "/home/someone/.pulumi", "the user's plugins stay where the CLI keeps them");
        assert.strictEqual(env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION, undefined, "the CLI may download plugins");
        assert.strictEqual(env.PULUMI_SKIP_UPDATE_CHECK, undefined);
        assert.strictEqual(env.PULUMI_CONFIG_PASSPHRASE_FILE, undefined, "the throwaway passphrase, not the user's");
        assert.ok(env.PULUMI_CONFIG_PASSPHRASE);
    });
});
