/**
 * How scripts/e2e/cluster.sh starts, watches and stops the control plane's processes,
 * driven with stand-in binaries (shell scripts) instead of the toolchain's, so these checks
 * need neither the toolchain nor free ports. The script is sourced: its functions run as
 * `cluster.sh up` runs them.
 *
 * The first test is the regression test for a CI run that failed with "kwok exited while
 * waiting for kube-controller-manager /healthz" and an empty kwok log: the process had been
 * forked but had not yet executed its binary, so its command line did not yet name the
 * cluster directory, and the liveness check took it for a process that had exited.
 */
import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "./helpers";

const CLUSTER_SH = path.join(ROOT, "scripts", "e2e", "cluster.sh");

/** Stand-in binaries: one that runs until stopped, one that fails at once with a message. */
const STAND_INS: Record<string, string> = {
    "long-running": "#!/usr/bin/env bash\ntrap 'exit 0' TERM\nwhile :; do sleep 1 & wait $!; done\n",
    "fails-at-once": "#!/usr/bin/env bash\necho \"stand-in: unknown flag $1\" >&2\nexit 3\n",
};

/**
 * Runs `body` in bash with cluster.sh sourced, DIR a fresh cluster directory and BIN the
 * stand-ins' directory; returns its exit status and output.
 */
function withClusterScript(work: string, body: string): { status: number; stdout: string; stderr: string } {
    const dir = fs.mkdtempSync(path.join(work, "cluster-"));
    // On any exit, stop what the body started and left running (through cluster.sh's own
    // ownership check, so a stranger's pid written into a pid file is never signalled).
    const cleanup = `trap 'for f in "$DIR"/*.pid; do [[ -e "$f" ]] && stop_component "$(basename "$f" .pid)"; done' EXIT`;
    const script = `set -euo pipefail\nsource ${JSON.stringify(CLUSTER_SH)}\nBIN=${JSON.stringify(path.join(work, "bin"))}\n${cleanup}\n${body}\n`;
    const result = spawnSync("bash", ["-c", script], {
        env: { ...process.env, OPENHANDS_E2E_DIR: dir, OPENHANDS_E2E_UP_TIMEOUT: "20" },
        encoding: "utf8",
        timeout: 120_000,
    });
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe("e2e: cluster.sh process handling (stand-in binaries)", function () {
    this.timeout(5 * 60 * 1000);
    let work: string;

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "openhands-cluster-sh-"));
        fs.mkdirSync(path.join(work, "bin"));
        for (const [name, text] of Object.entries(STAND_INS)) {
            fs.writeFileSync(path.join(work, "bin", name), text, { mode: 0o755 });
        }
    });

    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("does not take a component that is still starting for one that exited", () => {
        // Each round starts a component and at once waits for a condition that is false on its
        // first poll, so the liveness check runs while the process may still be between fork
        // and exec. `sleep` is made a no-op for the polls only, to keep 150 rounds fast.
        const rounds = 150;
        const result = withClusterScript(work, `
for ((i = 0; i < ${rounds}; i++)); do
  c="component-$i"
  COMPONENTS=("$c")
  start "$c" long-running --data-dir "$DIR/$c"
  polls=0
  second_poll() { polls=$((polls + 1)); ((polls > 1)); }
  sleep() { :; }
  wait_for "second poll of $c" second_poll
  unset -f sleep
done
echo "rounds: $i"
kill -TERM $(cat "$DIR"/*.pid) && wait`);
        assert.strictEqual(result.status, 0, `a starting component was reported as exited:\n${result.stderr.slice(-2000)}`);
        assert.match(result.stdout, new RegExp(`^rounds: ${rounds}$`, "m"));
        assert.strictEqual((result.stderr.match(/\[cluster\] ready: second poll of/g) ?? []).length, rounds);
    });

    it("stops waiting as soon as a component exits, naming it and showing its log", () => {
        const result = withClusterScript(work, `
COMPONENTS=(kwok)
start kwok fails-at-once --bogus-flag
wait_for "kube-controller-manager /healthz" false`);
        assert.strictEqual(result.status, 1, result.stderr);
        assert.match(result.stderr, /ERROR: kwok exited while waiting for kube-controller-manager \/healthz \(log: .*kwok\.log\)/);
        assert.match(result.stderr, /stand-in: unknown flag --bogus-flag/, "the component's log is shown");
        assert.doesNotMatch(result.stderr, /timed out/, "it fails on the exit, not on the timeout");
    });

    it("stops only its own processes: a recorded pid now used by another process is left running", async () => {
        // A process that is not the cluster's (its command line does not name the cluster directory).
        const stranger = spawn("sleep", ["60"], { stdio: "ignore" });
        try {
            const result = withClusterScript(work, `
echo ${stranger.pid} >"$DIR/kwok.pid"
stop_component kwok
[[ ! -e "$DIR/kwok.pid" ]] && echo "pid file removed"`);
            assert.strictEqual(result.status, 0, result.stderr);
            assert.match(result.stdout, /pid file removed/);
            assert.strictEqual(stranger.exitCode, null, "the other process was not signalled");
            assert.doesNotThrow(() => process.kill(stranger.pid!, 0), "the other process is still running");
        } finally {
            stranger.kill("SIGKILL");
        }
    });
});
