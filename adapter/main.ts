/**
 * The adapter's entry point: `node main.js` in a stock Node.js image. Reads its settings,
 * connects to the Kubernetes API with the pod's service account, serves the runtime API and,
 * on a second port, the browser's route to the sandboxes, and shuts both down gracefully on
 * SIGTERM or SIGINT.
 */
import { ConfigError, readConfig } from "./config";
import { KubeClient } from "./kube-client";
import { jsonLogger } from "./log";
import { startProxy } from "./proxy";
import { RuntimeApi } from "./runtime-api";
import { KubeSandboxResolver } from "./sandbox-resolver";
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
    const resolver = new KubeSandboxResolver({ kube, namespace: config.namespace });
    const proxy = await startProxy({ resolver, logger }, config.proxyPort, config.host);
    logger.log("info", "adapter listening", {
        port: running.port, proxy_port: proxy.port, namespace: config.namespace, public_base_url: config.publicBaseUrl,
        max_sandboxes: config.maxSandboxes, sandbox_user_ids: config.sandboxUserIds,
    });
    let stopping = false;
    const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        logger.log("info", "shutting down", { signal });
        void Promise.all([running.close(), proxy.close()]).then(() => {
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
