/**
 * Mocked runs whose messages between the SDK and its mock monitor skip protobuf encoding.
 *
 * Under `pulumi.runtime.setMocks` the SDK and its MockMonitor live in one process, yet every
 * message between them carries its properties as a protobuf `Struct`: the SDK encodes each
 * registration's inputs (`Struct.fromJavaScript`) and the monitor decodes them at once
 * (`toJavaScript`); the monitor encodes the state a mock returns, and the SDK decodes it at
 * once. google-protobuf builds a message object for every value and re-walks every nested
 * `Struct` below each one it builds, so for a pod spec these round trips were the largest
 * single cost of a mocked run: the state's about a fifth of it, the inputs' about a twentieth.
 *
 * {@link answerInProcess} keeps the SDK's monitor and its messages as they are. While that
 * monitor is the current one, `Struct.fromJavaScript` checks and copies the value as google-
 * protobuf would (the same values refused with the same error, the same keys in the same
 * sorted order) and returns a `Struct` that hands a fresh copy back from `toJavaScript()`.
 * Anything that reads its fields (`getFieldsMap`, which binary encoding and `toObject` use)
 * gets them encoded then, so nothing can read an empty `Struct`, and from then on the fields
 * are what `toJavaScript()` reads, as in any `Struct`.
 *
 * tests/in-process-monitor.test.ts checks that whole runs through the SDK's monitor as it is
 * and through this one register the same resources, call the same functions and resolve the
 * same outputs, and that a held `Struct` gives back what an encoded one gives.
 */
import * as path from "path";

// The SDK's internal module that holds the current monitor; the public typings leave it out.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as { getMonitor(): object | undefined };

/** A google-protobuf `Struct`: the parts the SDK, this module and its tests use. */
export interface Struct {
    toJavaScript: () => Record<string, unknown>;
    getFieldsMap: (this: Struct, noLazyCreate?: boolean) => FieldsMap;
    serializeBinary: () => Uint8Array;
}

/** A `Struct`'s field map (a jspb.Map). */
export interface FieldsMap {
    set(key: string, value: unknown): unknown;
    del(key: string): boolean;
    forEach(visit: (value: unknown, key: string) => void): void;
}

/** google-protobuf's `Struct` class, with the encoder the SDK calls. */
interface StructClass {
    new(): Struct;
    prototype: Struct;
    fromJavaScript: (value: unknown) => Struct;
}

// The very module the SDK builds its messages with, wherever npm put it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", {
    paths: [path.dirname(require.resolve("@pulumi/pulumi"))],
})) as { Struct: StructClass };

/** A struct value held in process: its keys, sorted as a `Struct` gives them back, and values. */
class HeldStruct {
    constructor(readonly keys: string[], readonly values: Held[]) {}
}

/** A list value held in process. */
class HeldList {
    constructor(readonly items: Held[]) {}
}

/** A value `Struct` can hold, checked and copied. */
type Held = string | number | boolean | null | HeldStruct | HeldList;

/** The object's enumerable keys (own and inherited, as `for...in` gives them), copied and sorted. */
function holdFields(object: unknown): HeldStruct {
    const keys: string[] = [];
    for (const key in object as object) keys.push(key);
    keys.sort();
    return new HeldStruct(keys, keys.map((key) => holdValue((object as Record<string, unknown>)[key])));
}

/** One value as google-protobuf's `Value.fromJavaScript` takes it: anything else is refused the same way. */
function holdValue(value: unknown): Held {
    switch (typeof value) {
        case "string":
        case "number":
        case "boolean":
            return value;
        case "object":
            if (value === null) return null;
            if (Array.isArray(value)) {
                const items: Held[] = [];
                for (let i = 0; i < value.length; i++) items.push(holdValue(value[i]));
                return new HeldList(items);
            }
            return holdFields(value);
        default:
            throw new Error("Unexpected struct type.");
    }
}

/** A fresh JavaScript value from a held one, as `toJavaScript()` builds it. */
function release(held: Held): unknown {
    if (held instanceof HeldStruct) return releaseFields(held);
    if (held instanceof HeldList) return held.items.map(release);
    return held;
}

/** A fresh object from a held struct value, its keys in the held order. */
function releaseFields(held: HeldStruct): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    for (let i = 0; i < held.keys.length; i++) object[held.keys[i]] = release(held.values[i]);
    return object;
}

const sdkFromJavaScript = Struct.fromJavaScript;
/** Set while google-protobuf encodes, so that the nested `Struct`s it makes are encoded too. */
let encoding = false;

/** `value`'s fields encoded by google-protobuf's own `Struct.fromJavaScript`, nested ones included. */
export function encodedStruct(value: unknown): Struct {
    if (encoding) return sdkFromJavaScript(value);
    encoding = true;
    try {
        return sdkFromJavaScript(value);
    } finally {
        encoding = false;
    }
}

const readFields = Struct.prototype.getFieldsMap;
const fieldsToJavaScript = Struct.prototype.toJavaScript;

/**
 * A `Struct` holding a checked copy of `value`'s fields: `toJavaScript()` hands back a fresh
 * copy of them, and reading its fields (`getFieldsMap`) encodes them first.
 */
export function heldStruct(value: unknown): Struct {
    const held = holdFields(value);
    const struct = new Struct();
    let encoded = false;
    struct.toJavaScript = () => encoded ? fieldsToJavaScript.call(struct) : releaseFields(held);
    struct.getFieldsMap = (noLazyCreate?: boolean) => {
        if (!encoded) {
            encoded = true;
            const fields = readFields.call(struct);
            encodedStruct(releaseFields(held)).getFieldsMap().forEach((field, key) => fields.set(key, field));
        }
        return readFields.call(struct, noLazyCreate);
    };
    return struct;
}

/** The monitors {@link answerInProcess} was called for. */
const inProcess = new WeakSet<object>();

/** Whether the current monitor is one that {@link answerInProcess} was called for. */
function answeringInProcess(): boolean {
    const monitor = settings.getMonitor();
    return monitor !== undefined && inProcess.has(monitor);
}

Struct.fromJavaScript = (value: unknown): Struct =>
    !encoding && answeringInProcess() ? heldStruct(value) : encodedStruct(value);

/**
 * Makes the messages between the SDK and `monitor` (the mock monitor `setMocks` just
 * installed) carry their properties without encoding them, for as long as it is the current one.
 */
export function answerInProcess(monitor: object): void {
    inProcess.add(monitor);
}
