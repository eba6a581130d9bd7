/**
 * The SDK's mock monitor, answering each registration without encoding the state it hands back.
 *
 * Under `pulumi.runtime.setMocks`, the SDK's MockMonitor serializes the state a mock returns,
 * encodes it into a protobuf `Struct`, and the SDK decodes that `Struct` again at once, in the
 * same process. google-protobuf re-walks every nested `Struct` below each one it builds, so for
 * a pod spec's state this round trip was the largest single cost of a mocked run (about a fifth
 * of it). {@link answerRegistrationsInProcess} keeps everything else of the SDK's monitor: the
 * mock is called with the same arguments, the state is serialized by the SDK as before, and the
 * response is the SDK's own message with its URN and id. Only its `getObject()` hands the
 * serialized state over as the decoded `Struct` would be, instead of encoding it first.
 *
 * tests/in-process-monitor.test.ts checks that runs with and without it register the same
 * resources, make the same provider calls and resolve the same outputs.
 */

// The SDK's internal modules this relies on; the public typings leave them out.
/* eslint-disable @typescript-eslint/no-require-imports */
const rpc = require("@pulumi/pulumi/runtime/rpc") as {
    serializeProperties(label: string, props: unknown): Promise<Record<string, unknown>>;
    deserializeProperties(struct: unknown): Record<string, unknown>;
};
const resproto = require("@pulumi/pulumi/proto/resource_pb") as {
    RegisterResourceResponse: new () => RegisterResourceResponse;
};
/* eslint-enable @typescript-eslint/no-require-imports */

interface RegisterResourceResponse {
    setUrn(urn: string): void;
    setId(id: string): void;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/** The request getters the SDK's MockMonitor reads. */
interface RegisterResourceRequest {
    getType(): string;
    getName(): string;
    getObject(): unknown;
    getProvider(): string;
    getCustom(): boolean;
    getImportid(): string;
    getParent(): string;
}

/** The parts of the SDK's MockMonitor (runtime/mocks) that registration uses. */
export interface SdkMockMonitor {
    mocks: { newResource(args: Record<string, unknown>): { id?: string; state: Record<string, unknown> } | Promise<{ id?: string; state: Record<string, unknown> }> };
    resources: Map<string, { urn: string; id: string | null; state: unknown }>;
    newUrn(parent: string, type: string, name: string): string;
    registerResource(req: RegisterResourceRequest, callback: (err: unknown, response?: RegisterResourceResponse) => void): Promise<void>;
}

/**
 * Makes `monitor` (the one `setMocks` just installed) answer registrations as the SDK's
 * MockMonitor does, minus the protobuf round trip of the state it returns.
 */
export function answerRegistrationsInProcess(monitor: SdkMockMonitor): void {
    monitor.registerResource = async (req, callback) => {
        try {
            const result = await monitor.mocks.newResource({
                type: req.getType(),
                name: req.getName(),
                inputs: rpc.deserializeProperties(req.getObject()),
                provider: req.getProvider(),
                custom: req.getCustom(),
                id: req.getImportid(),
            });
            const urn = monitor.newUrn(req.getParent(), req.getType(), req.getName());
            const state = await rpc.serializeProperties("", result.state);
            monitor.resources.set(urn, { urn, id: result.id ?? null, state });
            const response = new resproto.RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(result.id || "");
            response.getObject = () => ({ toJavaScript: () => state });
            callback(null, response);
        } catch (err) {
            callback(err, undefined);
        }
    };
}
