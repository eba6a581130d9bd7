/**
 * The program's second part: the OpenHands component and the stack outputs. index.ts
 * loads this module (and with it @pulumi/pulumi's index, @pulumi/kubernetes and the
 * component's resource modules) only once the config is read and checked.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../components/config/stack-config";
import { OpenHands } from "../components/openhands";

/** The stack outputs. */
export interface StackOutputs {
    /** The platform profile this stack deployed. */
    readonly platform: string;
    /** Namespace of the stack's namespaced objects. */
    readonly namespace: pulumi.Output<string>;
    /** Kind and name of the workload that runs the app, e.g. `Pod/openhands-app-2024`. */
    readonly workload: pulumi.Output<string>;
    /** Name of the Service in front of the app. */
    readonly serviceName: pulumi.Output<string>;
    /** Node port of that Service. */
    readonly nodePort: pulumi.Output<number>;
    /** Address of the load balancer (gke); empty for a NodePort Service. */
    readonly loadBalancerAddress: pulumi.Output<string>;
    /** How to open the UI. */
    readonly uiAccess: pulumi.Output<string>;
    /** Commands that verify the stack and reach the UI (the guide's unwritten step 4). */
    readonly verifyCommands: pulumi.Output<string[]>;
    /** Where the Docker daemon comes from: `hostSocket` or `dind`. */
    readonly dockerEngine: pulumi.Output<string>;
    /** The OpenHands release deployed. */
    readonly openhandsVersion: pulumi.Output<string>;
    /** Name of the GKE cluster, when this stack created one. */
    readonly clusterName?: pulumi.Output<string>;
    /** Kubeconfig of the GKE cluster, when this stack created one (secret). */
    readonly kubeconfig?: pulumi.Output<string>;
}

/**
 * With `openhands:renderYamlToDirectory` (`npm run render`), a Kubernetes provider that
 * writes each object as YAML into that directory instead of applying it.
 */
function renderingOptions(directory: string | undefined): pulumi.ComponentResourceOptions | undefined {
    if (directory === undefined) return undefined;
    return { provider: new k8s.Provider("render-yaml", { renderYamlToDirectory: directory }) };
}

/**
 * Deploys the OpenHands component as `name` with the stack's args (the component
 * creates the GKE cluster first when the stack asks for one); returns the stack outputs.
 *
 * @param name the component's name
 * @param stack the stack's config, already read and checked (index.ts)
 */
export function deploy(name: string, stack: StackConfig): StackOutputs {
    const openhands = new OpenHands(name, stack.args, renderingOptions(stack.renderYamlToDirectory));
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
        ...(stack.args.cluster ? { clusterName: openhands.clusterName, kubeconfig: openhands.kubeconfig } : {}),
    };
}
