/**
 * The Pulumi program: the stack's config -> the OpenHands component -> the stack outputs.
 * Bad config stops the run before anything is registered (the component checks every value
 * before it creates a child), with each problem named by its stack key.
 */
import * as pulumi from "@pulumi/pulumi";
import { OpenHands } from "./components";
import { readStackConfig } from "./program/config/stack-config";

export = () => {
    const stack = readStackConfig();
    const openhands = stack.refusingBadConfig(() => new OpenHands("openhands", stack.args, stack.options));
    return {
        platform: stack.args.platform,
        namespace: openhands.namespace,
        workload: pulumi.interpolate`${openhands.workloadKind}/${openhands.workloadName}`,
        serviceName: openhands.serviceName,
        nodePort: openhands.nodePort,
        loadBalancerAddress: openhands.loadBalancerAddress,
        uiAccess: openhands.uiAccess,
        verifyCommands: openhands.verifyCommands,
        dockerEngine: openhands.dockerEngine,
        openhandsVersion: openhands.openhandsVersion,
        ...(stack.args.gke?.cluster ? { clusterName: openhands.clusterName, kubeconfig: openhands.kubeconfig } : {}),
    };
};
