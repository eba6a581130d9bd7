import type { Platform } from "../enums";
import type { PlatformProfile } from "../settings/types";
import { gkeProfile } from "./gke";
import { openshiftProfile } from "./openshift";

/** Every profile, by the `platform` value that selects it. */
export const PROFILES: Readonly<Record<Platform, PlatformProfile>> = {
    openshift: openshiftProfile,
    gke: gkeProfile,
};
