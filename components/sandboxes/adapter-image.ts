// The image that runs the adapter by default: a leaf module, so the settings catalog can name it.

/** A stock Node.js image (an LTS line, pinned) that runs the adapter's compiled JavaScript. */
export const DEFAULT_ADAPTER_IMAGE = "node:24.11.1-alpine3.22";
