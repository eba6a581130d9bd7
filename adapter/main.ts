/**
 * The adapter's entry point: `node main.js` in a stock Node.js image. Reads its settings,
 * connects to the Kubernetes API with the pod's service account, serves the runtime API,
 * and shuts down gracefully on SIGTERM or SIGINT.
 */
import { ConfigError, readConfig } from "./config";
import { KubeClient } from "./kube-client";
import { jsonLogger } from "./log";
import { RuntimeApi } from "./runtime-api";
import { startServer } from "./server";

async function main(): Promise<void> {
    const logger = jsonLogger();
    let config;
    try {
        config = readConfig();
    } catch (err) {
        if (err instanceof ConfigError) {
            logger.log("error", "bad configuration", { variable: err.variable, error: err.message });
            process.exit(2);
        }
        throw err;
    }
    const kube = KubeClient.inCluster();
    const api = new RuntimeApi({ config, kube, logger });
    const running = await startServer(api, logger, config.port, config.host);
    logger.log("info", "adapter listening", {
        port: running.port, namespace: config.namespace, public_base_url: config.publicBaseUrl, max_sandboxes: config.maxSandboxes,
    });
    let stopping = false;
    const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        logger.log("info", "shutting down", { signal });
        void running.close().then(() => {
            kube.close();
            logger.log("info", "stopped");
            process.exit(0);
        });
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((err: unknown) => {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: "error", msg: "adapter failed", error: String((err as Error)?.message ?? err) })}\n`);
    process.exit(1);
});
