/**
 * The least of RFC 6455 the proxy tests and the proxy bench need, on Node's own http and net
 * modules (no dependency): the opening handshake on both sides, and text, ping, pong and close frames,
 * masked from the client as the RFC requires (and refused unmasked by the server).
 */
import * as crypto from "crypto";
import * as http from "http";
import type * as net from "net";

/** The GUID every server appends to the client's key (RFC 6455, section 1.3). */
export const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** Frame opcodes (RFC 6455, section 5.2). */
export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** The `Sec-WebSocket-Accept` a server answers to a client's `Sec-WebSocket-Key`. */
export function acceptKey(key: string): string {
    return crypto.createHash("sha1").update(key + WEBSOCKET_GUID).digest("base64");
}

/** One frame as read off the wire (payload already unmasked). */
export interface Frame {
    readonly fin: boolean;
    readonly opcode: number;
    readonly masked: boolean;
    readonly payload: Buffer;
}

/** A frame's bytes: FIN set, the given opcode, the payload masked with `mask` when one is given. */
export function encodeFrame(opcode: number, payload: Buffer, mask?: Buffer): Buffer {
    const length = payload.length;
    const lengthBytes = length < 126 ? 0 : length <= 0xffff ? 2 : 8;
    const header = Buffer.alloc(2 + lengthBytes + (mask ? 4 : 0));
    header[0] = 0x80 | opcode;
    header[1] = (mask ? 0x80 : 0) | (length < 126 ? length : length <= 0xffff ? 126 : 127);
    if (lengthBytes === 2) header.writeUInt16BE(length, 2);
    if (lengthBytes === 8) header.writeBigUInt64BE(BigInt(length), 2);
    if (!mask) return Buffer.concat([header, payload]);
    if (mask.length !== 4) throw new Error("a mask is 4 bytes");
    mask.copy(header, 2 + lengthBytes);
    const body = Buffer.from(payload);
    for (let i = 0; i < body.length; i++) body[i] ^= mask[i % 4];
    return Buffer.concat([header, body]);
}

/** Reads frames out of a byte stream that arrives in arbitrary pieces. */
export class FrameReader {
    private pending = Buffer.alloc(0);

    /** Adds bytes; returns every frame now complete, in order. */
    push(chunk: Buffer): Frame[] {
        this.pending = Buffer.concat([this.pending, chunk]);
        const frames: Frame[] = [];
        for (;;) {
            const frame = this.take();
            if (!frame) return frames;
            frames.push(frame);
        }
    }

    private take(): Frame | undefined {
        const b = this.pending;
        if (b.length < 2) return undefined;
        const masked = (b[1] & 0x80) !== 0;
        let length = b[1] & 0x7f;
        let at = 2;
        if (length === 126) {
            if (b.length < 4) return undefined;
            length = b.readUInt16BE(2);
            at = 4;
        } else if (length === 127) {
            if (b.length < 10) return undefined;
            const big = b.readBigUInt64BE(2);
            if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error("frame too long");
            length = Number(big);
            at = 10;
        }
        const maskAt = at;
        if (masked) at += 4;
        if (b.length < at + length) return undefined;
        const payload = Buffer.from(b.subarray(at, at + length));
        if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= b[maskAt + (i % 4)];
        this.pending = b.subarray(at + length);
        return { fin: (b[0] & 0x80) !== 0, opcode: b[0] & 0x0f, masked, payload };
    }
}

/** How a connection ended: the close code the peer sent, if any, or the socket's end. */
export interface Closed {
    readonly code?: number;
    readonly reason: string;
}

/**
 * One open WebSocket over a socket whose handshake is done. The client masks what it sends
 * and refuses masked frames; the server does the opposite (closing with 1002). Pings are
 * answered; a close is answered and ends the socket. Text messages queue for `nextMessage`.
 */
export class WebSocketConnection {
    /** Settles when the connection is over, however it ended. */
    readonly closed: Promise<Closed>;
    private readonly reader = new FrameReader();
    private readonly queue: string[] = [];
    private readonly waiters: Array<{ resolve: (text: string) => void; reject: (e: Error) => void }> = [];
    private ended?: Closed;
    private sentClose = false;
    private onMessage?: (text: string) => void;

    constructor(readonly socket: net.Socket, readonly role: "client" | "server", head: Buffer = Buffer.alloc(0)) {
        let settle!: (c: Closed) => void;
        this.closed = new Promise((resolve) => { settle = resolve; });
        const finish = (closed: Closed) => {
            if (this.ended) return;
            this.ended = closed;
            for (const w of this.waiters.splice(0)) w.reject(new Error(`WebSocket closed (${closed.code ?? "no code"}: ${closed.reason})`));
            settle(closed);
        };
        socket.setNoDelay(true);
        socket.on("data", (chunk: Buffer) => this.receive(chunk, finish));
        socket.on("error", (e) => finish({ reason: `socket error: ${e.message}` }));
        socket.on("close", () => finish({ reason: "socket closed" }));
        if (head.length > 0) this.receive(head, finish);
    }

    /** Calls `handler` for every text message from now on, instead of queueing it. */
    onText(handler: (text: string) => void): void {
        this.onMessage = handler;
        for (const text of this.queue.splice(0)) handler(text);
    }

    /** Sends one text message. */
    sendText(text: string): void {
        this.send(OPCODE.text, Buffer.from(text, "utf8"));
    }

    /** The next text message, or a rejection when the connection closes or `timeoutMs` passes first. */
    nextMessage(timeoutMs = 5000): Promise<string> {
        const queued = this.queue.shift();
        if (queued !== undefined) return Promise.resolve(queued);
        if (this.ended) return Promise.reject(new Error(`WebSocket closed (${this.ended.code ?? "no code"}: ${this.ended.reason})`));
        return new Promise((resolve, reject) => {
            const waiter = {
                resolve: (text: string) => { clearTimeout(timer); resolve(text); },
                reject: (e: Error) => { clearTimeout(timer); reject(e); },
            };
            const timer = setTimeout(() => {
                this.waiters.splice(this.waiters.indexOf(waiter), 1);
                reject(new Error(`no WebSocket message within ${timeoutMs} ms`));
            }, timeoutMs);
            this.waiters.push(waiter);
        });
    }

    /** Starts the closing handshake (or just ends the socket if it is already gone). */
    close(code = 1000): void {
        if (this.ended || this.socket.destroyed) return;
        if (!this.sentClose) {
            const payload = Buffer.alloc(2);
            payload.writeUInt16BE(code, 0);
            this.send(OPCODE.close, payload);
            this.sentClose = true;
        }
        setTimeout(() => this.socket.destroy(), 1000).unref();
    }

    private send(opcode: number, payload: Buffer): void {
        if (this.socket.destroyed) throw new Error("WebSocket socket is gone");
        this.socket.write(encodeFrame(opcode, payload, this.role === "client" ? crypto.randomBytes(4) : undefined));
    }

    private receive(chunk: Buffer, finish: (c: Closed) => void): void {
        let frames: Frame[];
        try {
            frames = this.reader.push(chunk);
        } catch (e) {
            finish({ reason: `bad frame: ${(e as Error).message}` });
            this.socket.destroy();
            return;
        }
        for (const frame of frames) {
            if (frame.masked !== (this.role === "server")) {
                const problem = this.role === "server" ? "an unmasked frame from the client" : "a masked frame from the server";
                if (this.role === "server" && !this.sentClose) {
                    this.sentClose = true;
                    this.send(OPCODE.close, Buffer.from([0x03, 0xea])); // 1002: protocol error
                }
                finish({ code: 1002, reason: problem });
                this.socket.end();
                return;
            }
            if (!frame.fin || frame.opcode === OPCODE.continuation) {
                finish({ reason: "fragmented messages are not supported here" });
                this.socket.destroy();
                return;
            }
            if (frame.opcode === OPCODE.text) this.deliver(frame.payload.toString("utf8"));
            else if (frame.opcode === OPCODE.ping) this.send(OPCODE.pong, frame.payload);
            else if (frame.opcode === OPCODE.close) {
                const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : undefined;
                if (!this.sentClose) {
                    this.sentClose = true;
                    this.send(OPCODE.close, frame.payload.subarray(0, 2));
                }
                finish({ code, reason: frame.payload.subarray(2).toString("utf8") || "close frame" });
                this.socket.end();
                return;
            }
        }
    }

    private deliver(text: string): void {
        if (this.onMessage) return this.onMessage(text);
        const waiter = this.waiters.shift();
        if (waiter) waiter.resolve(text);
        else this.queue.push(text);
    }
}

/**
 * Completes a server's side of the opening handshake for an `upgrade` event; answers 400
 * and returns undefined when the request is not a valid version-13 WebSocket request.
 */
export function acceptUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): WebSocketConnection | undefined {
    const key = req.headers["sec-websocket-key"];
    const valid = req.method === "GET"
        && (req.headers.upgrade ?? "").toLowerCase() === "websocket"
        && (req.headers.connection ?? "").toLowerCase().split(/\s*,\s*/).includes("upgrade")
        && req.headers["sec-websocket-version"] === "13"
        && typeof key === "string" && Buffer.from(key, "base64").length === 16;
    if (!valid) {
        socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return undefined;
    }
    socket.write([
        "HTTP/1.1 101 Switching Protocols",
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Accept: ${acceptKey(key)}`,
        "", "",
    ].join("\r\n"));
    return new WebSocketConnection(socket, "server", head);
}

/** Where and how a test client opens a WebSocket. */
export interface ConnectOptions {
    readonly host: string;
    readonly port: number;
    /** Request target: path and query. */
    readonly path: string;
    /** Local address to connect from (any 127.x.y.z works on Linux's loopback). */
    readonly localAddress?: string;
    /** Extra request headers. */
    readonly headers?: Readonly<Record<string, string>>;
    /** Milliseconds to wait for the handshake. Default 5000. */
    readonly timeoutMs?: number;
}

/** A refused handshake: the HTTP status the server answered instead of 101. */
export class HandshakeRefused extends Error {
    constructor(readonly status: number) {
        super(`WebSocket handshake refused with HTTP ${status}`);
    }
}

/** Opens a WebSocket: sends the handshake, checks the server's accept key, returns the connection. */
export function connectWebSocket(o: ConnectOptions): Promise<WebSocketConnection> {
    const key = crypto.randomBytes(16).toString("base64");
    return new Promise((resolve, reject) => {
        const req = http.request({
            host: o.host, port: o.port, path: o.path, localAddress: o.localAddress, agent: false,
            headers: { ...o.headers, Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13" },
        });
        const timer = setTimeout(() => { req.destroy(); reject(new Error(`no WebSocket handshake within ${o.timeoutMs ?? 5000} ms`)); }, o.timeoutMs ?? 5000);
        req.on("upgrade", (res, socket, head) => {
            clearTimeout(timer);
            if (res.headers["sec-websocket-accept"] !== acceptKey(key)) {
                socket.destroy();
                reject(new Error(`bad Sec-WebSocket-Accept: ${String(res.headers["sec-websocket-accept"])}`));
                return;
            }
            resolve(new WebSocketConnection(socket, "client", head));
        });
        req.on("response", (res) => {
            clearTimeout(timer);
            res.resume();
            reject(new HandshakeRefused(res.statusCode ?? 0));
        });
        req.on("error", (e) => { clearTimeout(timer); reject(e); });
        req.end();
    });
}
