import { gkeProfile } from "./gke";
import { openshiftProfile } from "./openshift";
import { PlatformProfile } from "./profile";

export { PlatformProfile } from "./profile";
export { gkeProfile } from "./gke";
export { openshiftProfile } from "./openshift";

/** Every profile, by the `platform` value that selects it. */
export const PROFILES: Readonly<Record<string, PlatformProfile>> = {
    [openshiftProfile.platform]: openshiftProfile,
    [gkeProfile.platform]: gkeProfile,
};
