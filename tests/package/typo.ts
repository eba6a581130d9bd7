/** Must not compile: the closed sets are typed, so a misspelt platform is a compile error. */
import { OpenHands } from "@openhands-iac/openhands-k8s";

new OpenHands("agent", { platform: "openshfit" });
