/**
 * A model of how the OpenHands 1.x UI turns a sandbox URL from the app into the URL it
 * opens (frontend/src/utils/websocket-url.ts at 1.8.0, described in our words): the
 * scheme comes from the page; the host `localhost` or `127.0.0.1` becomes the page's
 * host when the page is not itself on localhost, and the URL's own port is kept (an
 * empty one stays empty); the path prefix before `/api/conversations` is kept.
 */

/** The URL the browser opens for `sandboxUrl` + `path`, on a page loaded from `pageUrl`. */
export function browserUrlFor(pageUrl: string, sandboxUrl: string, path: string): URL {
    const page = new URL(pageUrl);
    const sandbox = new URL(sandboxUrl);
    const loopback = (host: string) => host === "localhost" || host === "127.0.0.1";
    const host = loopback(sandbox.hostname) && !loopback(page.hostname)
        ? `${page.hostname}:${sandbox.port}`
        : sandbox.host;
    const prefix = sandbox.pathname.replace(/\/$/, "");
    return new URL(`${page.protocol}//${host}${prefix}${path}`);
}

/** The port a URL reaches (its explicit port, else its scheme's default). */
export function effectivePort(url: URL): number {
    if (url.port !== "") return Number(url.port);
    return url.protocol === "https:" || url.protocol === "wss:" ? 443 : 80;
}
