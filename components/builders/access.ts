/**
 * How the browser reaches a 1.x app and its sandboxes, as pure values: the port
 * the browser uses, the sandbox URL pattern the app hands out, and the ports the
 * pod's proxy listens on.
 *
 * The app hands the browser `SANDBOX_CONTAINER_URL_PATTERN` with `{port}` replaced
 * by a sandbox's published port. The UI (frontend/src/utils/websocket-url.ts, since
 * 1.2) keeps an absolute URL's path prefix, takes the scheme from the page, and
 * swaps the host `localhost` for the page's host while keeping the pattern's port.
 * So the pattern is `http://localhost:<the browser's port>/runtime/{port}`, and the
 * app's own calls to that URL (it health-checks and starts conversations through it,
 * sometimes with `localhost` swapped for `host.docker.internal`) reach the proxy on
 * the pod's loopback, where it listens on that port too.
 */
import type * as pulumi from "@pulumi/pulumi";
import { BrowserAccess, ServiceType } from "../enums";
import { APP_PORT, GKE } from "../guide";
import type { OpenHandsSettings } from "../settings/types";

/** The port of the proxy container, the unprivileged nginx image's own. */
export const PROXY_PORT = 8080;
/** The HTTPS port of an OpenShift Route. */
export const ROUTE_HTTPS_PORT = 443;
/** The path under which the proxy serves each sandbox port: `/runtime/<port>/...`. */
export const RUNTIME_PREFIX = "/runtime";
/** Host names the app may call its own sandbox URLs by; all resolve to the pod itself. */
export const SELF_HOST_NAMES: readonly string[] = ["host.docker.internal"];

/** The Service's port that fronts the app: the LoadBalancer's 80, or the guide's 3000 on a NodePort Service. */
export function servicePort(settings: OpenHandsSettings): number {
    return settings.profile.serviceType === ServiceType.LoadBalancer ? GKE.httpPort : APP_PORT;
}

/**
 * The port in the browser's address bar: the proxy's own port with port-forward,
 * the Route's HTTPS port, the pinned node port, or the load balancer's port.
 */
export function browserPort(settings: OpenHandsSettings): pulumi.Input<number> {
    if (settings.browserAccess === BrowserAccess.PortForward) return PROXY_PORT;
    if (settings.route) return ROUTE_HTTPS_PORT;
    if (settings.profile.serviceType === ServiceType.NodePort) {
        // resolve.ts refuses an unpinned node port for 1.x, so this is always set here.
        return settings.nodePort ?? PROXY_PORT;
    }
    return servicePort(settings);
}

/** `SANDBOX_CONTAINER_URL_PATTERN` for a browser port. */
export function sandboxUrlPattern(port: number): string {
    return `http://localhost:${port}${RUNTIME_PREFIX}/{port}`;
}

/** The proxy's listening ports: its own, and the browser's port for the app's calls to its own sandbox URLs. */
export function proxyListenPorts(port: number): number[] {
    return port === PROXY_PORT ? [PROXY_PORT] : [PROXY_PORT, port];
}

/** The URL a user opens, for the message that says how to reach the UI. */
export function browserUrlHint(settings: OpenHandsSettings, port: number): string {
    if (settings.browserAccess === BrowserAccess.PortForward) return `http://localhost:${port}/`;
    if (settings.route) return `https://<route host>/`;
    if (settings.profile.serviceType === ServiceType.NodePort) return `http://<node address>:${port}/`;
    return `http://<load balancer address>${port === 80 ? "" : `:${port}`}/`;
}
