/**
 * The test runs load @pulumi/pulumi as the program does: without its code-path module (and
 * npm's dependency-tree reader) until something calls `computeCodePaths`
 * (program/lazy-code-paths.ts, which index.ts installs under Pulumi). Mocha loads this file
 * (`require` in .mocharc.json) before any test file loads the SDK's index; so does
 * `npm run bench` for its mocked stack runs, but not for its floors, which load the SDKs as
 * any program does.
 */
import { loadSdkCodePathsOnFirstUse } from "../../program/lazy-code-paths";

loadSdkCodePathsOnFirstUse();
