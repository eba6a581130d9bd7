// What an image reference says about itself: its tag, and whether that tag moves.
// A leaf module (it imports nothing), shared by the builders and the policy pack, so
// both call the same tags mutable.

/** Tags that move under a running deployment (compared without regard to case). */
export const MUTABLE_TAGS: readonly string[] = ["latest", "main", "master", "nightly", "dev", "edge", "stable", "develop"];

/** The tag of an image reference, `@digest` when it is pinned by digest, undefined when it has neither. */
export function imageTag(image: string): string | undefined {
    if (image.includes("@")) return "@digest";
    const lastSegment = image.split("/").pop() ?? "";
    const colon = lastSegment.lastIndexOf(":");
    return colon < 0 ? undefined : lastSegment.slice(colon + 1);
}

/** Whether the image can change without its reference changing: no tag, or a moving one. */
export function isMutableImage(image: string): boolean {
    const tag = imageTag(image.trim());
    return tag === undefined || MUTABLE_TAGS.includes(tag.toLowerCase());
}

/** The repository's path of an image reference, without its registry, tag or digest: `ghcr.io/a/b:1` -> `a/b`. */
export function repositoryPath(image: string): string {
    const [name] = image.split("@");
    const parts = name.split("/");
    if (parts.length > 1 && (parts[0].includes(".") || parts[0].includes(":") || parts[0] === "localhost")) parts.shift();
    const last = parts.length - 1;
    const colon = parts[last].lastIndexOf(":");
    if (colon >= 0) parts[last] = parts[last].slice(0, colon);
    return parts.join("/");
}
