/**
 * Helpers for values that may arrive as Pulumi outputs: a builder's result stays plain
 * when its input is plain, so tests can read it, and follows the output otherwise.
 */
import * as pulumi from "@pulumi/pulumi";
import { isMutableImage } from "../images";

/** Applies `fn` to a value that may arrive later, staying plain when it is plain. */
export function mapInput<T, U>(value: pulumi.Input<T>, fn: (known: T) => U): pulumi.Input<U> {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
        const later: pulumi.Output<unknown> = pulumi.output(value);
        return later.apply((known) => fn(known as T));
    }
    return fn(value);
}

/**
 * `Always` for an image whose tag moves (a restart then runs what the tag names now, not a
 * stale copy on the node), `IfNotPresent` for a pinned version or digest.
 */
export function pullPolicy(image: pulumi.Input<string>): pulumi.Input<string> {
    return mapInput(image, (known) => isMutableImage(known) ? "Always" : "IfNotPresent");
}

/** Applies `fn` to two values that may arrive later, staying plain when both are plain. */
export function mapInputs<A, B, U>(a: pulumi.Input<A>, b: pulumi.Input<B>, fn: (a: A, b: B) => U): pulumi.Input<U> {
    const deferred = (v: unknown) => pulumi.Output.isInstance(v) || v instanceof Promise;
    if (!deferred(a) && !deferred(b)) return fn(a, b);
    return pulumi.all([a, b] as [pulumi.Input<unknown>, pulumi.Input<unknown>]).apply(([x, y]) => fn(x as A, y as B));
}
