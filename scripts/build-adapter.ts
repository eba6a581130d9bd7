/**
 * `npm run build:adapter`: compiles adapter/ to bin/adapter/ (tsconfig.adapter.json) and records the
 * digest of the sources it compiled, which the component checks before it ships the code.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { adapterSourceDigest, SOURCE_DIGEST_FILE } from "../components/sandboxes/adapter-code";

const root = path.resolve(__dirname, "..");
const out = path.join(root, "bin", "adapter");
fs.rmSync(out, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.adapter.json")], { stdio: "inherit" });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const digest = adapterSourceDigest(root);
if (digest === undefined) throw new Error("adapter/ has no sources");
fs.writeFileSync(path.join(out, SOURCE_DIGEST_FILE), `${digest}\n`);
console.log(`adapter compiled to ${path.relative(root, out)} (${fs.readdirSync(out).filter((f) => f.endsWith(".js")).length} modules)`);
