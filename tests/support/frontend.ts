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

/**
 * The URL of the UI's sandbox-metrics call (`getRuntimeConversation` in
 * frontend/src/api/conversation-service/v1-conversation-service.api.ts, 1.8.0 to 1.11.0, in our
 * words): the base URL as for every sandbox call ({@link browserUrlFor}'s host and the path
 * prefix before `/api/conversations`), followed by the conversation URL's whole path, prefix
 * included again.
 */
export function runtimeConversationUrl(pageUrl: string, conversationUrl: string): URL {
    const sandbox = new URL(conversationUrl);
    const prefix = /^(.*?)\/api\/conversations(?:\/|$)/.exec(sandbox.pathname)?.[1] ?? "";
    const base = browserUrlFor(pageUrl, `${sandbox.origin}${prefix}`, "");
    return new URL(`${base.origin}${base.pathname.replace(/\/$/, "")}${sandbox.pathname}`);
}

/**
 * The VS Code tab's address (`transformVSCodeUrl` in frontend/src/utils/vscode-url-helper.ts,
 * 1.11.0, in our words): the exposed URL as the app gives it, with the host `localhost`
 * replaced by the page's host name when the page is not on localhost; scheme and port kept.
 * The tab is an iframe when that scheme is the page's, else a button that opens a new tab
 * (frontend/src/routes/vscode-tab.tsx).
 */
export function vscodeTabUrl(pageUrl: string, vscodeUrl: string): { url: URL; iframe: boolean } {
    const page = new URL(pageUrl);
    const url = new URL(vscodeUrl);
    if (url.hostname === "localhost" && page.hostname !== "localhost") url.hostname = page.hostname;
    return { url, iframe: url.protocol === page.protocol };
}
