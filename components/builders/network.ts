import * as k8s from "@pulumi/kubernetes";
import { APP_PORT, GKE, OPENSHIFT, SANDBOX_SSH_PORT } from "../defaults";
import { OpenHandsSettings } from "../config/resolve";
import { appSelector, namespacedMeta } from "./metadata";

type ServicePort = k8s.types.input.core.v1.ServicePort;

/**
 * The Service's ports: the guide's `3000:3000` on OpenShift; `http` 80 and, while the
 * SSH sandbox container runs, `ssh` 51963 on GKE.
 */
export function servicePorts(settings: OpenHandsSettings): ServicePort[] {
    if (settings.profile.serviceType === "NodePort") {
        return [{
            name: OPENSHIFT.servicePortName,
            port: APP_PORT,
            targetPort: APP_PORT,
            protocol: "TCP",
            nodePort: settings.nodePort,
        }];
    }
    const ports: ServicePort[] = [
        { name: "http", port: GKE.httpPort, targetPort: APP_PORT, protocol: "TCP", nodePort: settings.nodePort },
    ];
    if (settings.sandboxSidecar) {
        ports.push({ name: "ssh", port: SANDBOX_SSH_PORT, targetPort: SANDBOX_SSH_PORT, protocol: "TCP" });
    }
    return ports;
}

/** The Service in front of the app, selecting the guide's `app` label. */
export function serviceManifest(settings: OpenHandsSettings): k8s.types.input.core.v1.Service {
    return {
        metadata: namespacedMeta(settings, settings.profile.serviceName, appSelector(settings)),
        spec: {
            type: settings.profile.serviceType,
            selector: appSelector(settings),
            ports: servicePorts(settings),
        },
    };
}
