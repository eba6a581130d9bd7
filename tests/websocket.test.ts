/** The minimal WebSocket of the proxy tests and bench (scripts/proxy/websocket.ts), checked against RFC 6455's examples and itself. */
import * as assert from "assert";
import * as http from "http";
import type * as net from "net";
import type { AddressInfo } from "net";
import {
    FrameReader, HandshakeRefused, OPCODE, type WebSocketConnection, acceptKey, acceptUpgrade, connectWebSocket, encodeFrame,
} from "../scripts/proxy/websocket";

describe("test support: WebSocket", () => {
    it("computes the accept key of RFC 6455's example", () => {
        assert.strictEqual(acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    });

    it("encodes RFC 6455's single-frame examples, masked and unmasked", () => {
        assert.deepStrictEqual(encodeFrame(OPCODE.text, Buffer.from("Hello")), Buffer.from([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]));
        assert.deepStrictEqual(encodeFrame(OPCODE.text, Buffer.from("Hello"), Buffer.from([0x37, 0xfa, 0x21, 0x3d])),
            Buffer.from([0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]));
    });

    it("reads back frames of every length encoding, split at every byte", () => {
        for (const length of [0, 125, 126, 65535, 65536, 70000]) {
            const payload = Buffer.alloc(length, 0x61 + (length % 26));
            for (const mask of [undefined, Buffer.from([1, 2, 3, 4])]) {
                const bytes = encodeFrame(OPCODE.binary, payload, mask);
                assert.strictEqual(bytes[1] & 0x7f, length < 126 ? length : length <= 0xffff ? 126 : 127);
                const reader = new FrameReader();
                const frames = length > 200 ? reader.push(bytes) : [...bytes].flatMap((b) => reader.push(Buffer.from([b])));
                assert.strictEqual(frames.length, 1);
                assert.strictEqual(frames[0].opcode, OPCODE.binary);
                assert.strictEqual(frames[0].masked, mask !== undefined);
                assert.ok(frames[0].payload.equals(payload), `length ${length}`);
            }
        }
    });

    describe("over the loopback", () => {
        let server: http.Server;
        let port: number;
        before(async () => {
            server = http.createServer((_req, res) => res.end("plain"));
            server.on("upgrade", (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
                const ws = acceptUpgrade(req, socket, head);
                ws?.onText((text) => ws.sendText(`echo:${text}`));
            });
            await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
            port = (server.address() as AddressInfo).port;
        });
        after(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));

        it("echoes text messages both ways and closes with the code sent", async () => {
            const ws: WebSocketConnection = await connectWebSocket({ host: "127.0.0.1", port, path: "/x" });
            ws.sendText("one");
            ws.sendText("two".repeat(30000));
            assert.strictEqual(await ws.nextMessage(), "echo:one");
            assert.strictEqual(await ws.nextMessage(), `echo:${"two".repeat(30000)}`);
            ws.close(4001);
            assert.strictEqual((await ws.closed).code, 4001);
        });

        it("the server refuses an unmasked client frame with 1002", async () => {
            const ws = await connectWebSocket({ host: "127.0.0.1", port, path: "/x" });
            ws.socket.write(encodeFrame(OPCODE.text, Buffer.from("not masked")));
            assert.strictEqual((await ws.closed).code, 1002);
        });

        it("reports a refused handshake with its status", async () => {
            const raw = http.createServer((_req, res) => { res.statusCode = 404; res.end(); });
            await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
            try {
                await assert.rejects(connectWebSocket({ host: "127.0.0.1", port: (raw.address() as AddressInfo).port, path: "/" }),
                    (e: unknown) => e instanceof HandshakeRefused && e.status === 404);
            } finally {
                raw.close();
            }
        });
    });
});
