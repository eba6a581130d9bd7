import { PolicyPack } from "@pulumi/policy";
import { policies } from "./rules";

new PolicyPack("openhands-k8s", { policies: policies() });
