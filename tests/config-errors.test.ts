/**
 * The one table of bad values: every config key refuses its bad values: the run stops before any resource is
 * registered, and the message names the key, what is wrong and what is accepted.
 */
import * as assert from "assert";
import { refusedRun, runStack, GKE_PROJECT } from "./support/stack";


interface Case {
    /** What is wrong, in the test's title. */
    readonly what: string;
    readonly stack: "openshift" | "gke";
    readonly config: Record<string, string>;
    readonly secretKeys?: string[];
    readonly drop?: string[];
    /** Every pattern must occur in the message. */
    readonly expect: Array<string | RegExp>;
}

const cases: Case[] = [
    { what: "an unknown platform", stack: "openshift", config: { "openhands:platform": "aks" },
        expect: ["openhands:platform", "'aks'", /openshift.*gke/] },
    { what: "a missing platform", stack: "openshift", config: {}, drop: ["openhands:platform"],
        expect: ["openhands:platform", /[Mm]issing/] },
    { what: "a namespace that is not a DNS label", stack: "openshift", config: { "openhands:namespace": "Open_Hands" },
        expect: ["openhands:namespace", "'Open_Hands'", "DNS-1123 label"] },
    { what: "a namespace longer than 63 characters", stack: "openshift", config: { "openhands:namespace": "a".repeat(64) },
        expect: ["openhands:namespace", "1-63 characters"] },
    { what: "createNamespace that is not a boolean", stack: "openshift", config: { "openhands:createNamespace": "maybe" },
        expect: ["openhands:createNamespace", "'maybe'", "true or false"] },
    { what: "an empty app image", stack: "openshift", config: { "openhands:appImage": "" },
        expect: ["openhands:appImage", "image reference", "non-empty"] },
    { what: "a sandbox image with spaces", stack: "openshift", config: { "openhands:sandboxImage": "ghcr.io/x/sandbox :main" },
        expect: ["openhands:sandboxImage", "no spaces"] },
    { what: "a negative sandbox user id", stack: "openshift", config: { "openhands:sandboxUserId": "-1" },
        expect: ["openhands:sandboxUserId", "-1", "from 0 to 2147483647"] },
    { what: "a fractional sandbox user id", stack: "openshift", config: { "openhands:sandboxUserId": "1000.5" },
        expect: ["openhands:sandboxUserId", "1000.5", "whole number"] },
    { what: "a sandbox user id that is not a number", stack: "openshift", config: { "openhands:sandboxUserId": "root" },
        expect: ["openhands:sandboxUserId", "'root'", "whole number"] },
    { what: "a malformed workspace size", stack: "openshift", config: { "openhands:workspaceSize": "2 GB" },
        expect: ["openhands:workspaceSize", "'2 GB'", "storage quantity", "'2Gi'"] },
    { what: "a malformed claim size", stack: "openshift", config: { "openhands:workspaceClaimSize": "1Gb" },
        expect: ["openhands:workspaceClaimSize", "'1Gb'", "storage quantity"] },
    { what: "a zero workspace size", stack: "openshift", config: { "openhands:workspaceSize": "0" },
        expect: ["openhands:workspaceSize", "positive"] },
    { what: "a claim larger than its volume", stack: "openshift", config: { "openhands:workspaceClaimSize": "5Gi" },
        expect: ["openhands:workspaceClaimSize", "'5Gi'", "openhands:workspaceSize", "never bind"] },
    { what: "a relative host path", stack: "openshift", config: { "openhands:workspaceHostPath": "tmp/workspace" },
        expect: ["openhands:workspaceHostPath", "'tmp/workspace'", "absolute path"] },
    { what: "a host path that climbs with ..", stack: "openshift", config: { "openhands:workspaceHostPath": "/tmp/../etc" },
        expect: ["openhands:workspaceHostPath", "'..'"] },
    { what: "a node name with upper case", stack: "openshift", config: { "openhands:nodeName": "Worker_1" },
        expect: ["openhands:nodeName", "'Worker_1'", "DNS-1123 subdomain"] },
    { what: "a node port below the NodePort range", stack: "openshift", config: { "openhands:nodePort": "3000" },
        expect: ["openhands:nodePort", "3000", "30000 to 32767"] },
    { what: "a node port above the NodePort range", stack: "openshift", config: { "openhands:nodePort": "40000" },
        expect: ["openhands:nodePort", "30000 to 32767"] },
    { what: "a negative replica count", stack: "gke", config: { ...GKE_PROJECT, "openhands:replicas": "-2" },
        expect: ["openhands:replicas", "-2", ">= 0"] },
    { what: "several replicas of a bare Pod", stack: "openshift", config: { "openhands:replicas": "2" },
        expect: ["openhands:replicas", "openhands:workload", "Deployment"] },
    { what: "an unknown workload kind", stack: "openshift", config: { "openhands:workload": "StatefulSet" },
        expect: ["openhands:workload", "'StatefulSet'", "Pod, Deployment"] },
    { what: "a service account name with upper case", stack: "gke", config: { ...GKE_PROJECT, "openhands:serviceAccount": "OpenHands" },
        expect: ["openhands:serviceAccount", "'OpenHands'"] },
    { what: "Google credentials that are not JSON", stack: "gke",
        config: { ...GKE_PROJECT, "openhands:googleCredentials": "not json" }, secretKeys: ["openhands:googleCredentials"],
        expect: ["openhands:googleCredentials", "not valid JSON", "service-account key"] },
    { what: "Google credentials that are a JSON array", stack: "gke",
        config: { ...GKE_PROJECT, "openhands:googleCredentials": "[1,2]" }, secretKeys: ["openhands:googleCredentials"],
        expect: ["openhands:googleCredentials", "not an object"] },
    { what: "Google credentials stored in plain text", stack: "gke",
        config: { ...GKE_PROJECT, "openhands:googleCredentials": "{\"type\":\"service_account\"}" },
        expect: ["openhands:googleCredentials", "plain text", "--secret"] },
    { what: "createCluster that is not a boolean", stack: "gke", config: { ...GKE_PROJECT, "openhands:createCluster": "yes" },
        expect: ["openhands:createCluster", "'yes'", "true or false"] },
    { what: "a missing gcp:project", stack: "gke", config: {},
        expect: ["gcp:project", "missing", "openhands:createCluster"] },
    { what: "a missing GKE location", stack: "gke", config: GKE_PROJECT, drop: ["gcp:zone"],
        expect: ["openhands:gkeLocation", "gcp:zone", "gcp:region"] },
    { what: "a malformed GKE location", stack: "gke", config: { ...GKE_PROJECT, "openhands:gkeLocation": "Europe West" },
        expect: ["openhands:gkeLocation", "'Europe West'", "europe-west4"] },
    { what: "a malformed gcp:zone", stack: "gke", config: { ...GKE_PROJECT, "gcp:zone": "nowhere" },
        expect: ["gcp:zone", "'nowhere'"] },
    { what: "a malformed project id", stack: "gke", config: { "gcp:project": "My Project" },
        expect: ["gcp:project", "'My Project'", "project id"] },
    { what: "a zero node count", stack: "gke", config: { ...GKE_PROJECT, "openhands:gkeNodeCount": "0" },
        expect: ["openhands:gkeNodeCount", " 0 ", "from 1 to 1000"] },
    { what: "an unknown release channel", stack: "gke", config: { ...GKE_PROJECT, "openhands:gkeReleaseChannel": "beta" },
        expect: ["openhands:gkeReleaseChannel", "'beta'", "RAPID, REGULAR, STABLE, EXTENDED"] },
    { what: "a malformed machine type", stack: "gke", config: { ...GKE_PROJECT, "openhands:gkeMachineType": "big" },
        expect: ["openhands:gkeMachineType", "'big'", "e2-standard-4"] },
    { what: "a malformed Kubernetes version", stack: "gke", config: { ...GKE_PROJECT, "openhands:gkeKubernetesVersion": "latest" },
        expect: ["openhands:gkeKubernetesVersion", "'latest'"] },
    { what: "a malformed cluster name", stack: "gke", config: { ...GKE_PROJECT, "openhands:gkeClusterName": "My_Cluster" },
        expect: ["openhands:gkeClusterName", "'My_Cluster'"] },
    { what: "a tiny node disk", stack: "gke", config: { ...GKE_PROJECT, "openhands:gkeDiskSizeGb": "5" },
        expect: ["openhands:gkeDiskSizeGb", " 5 ", "from 10 to 65536"] },
    { what: "deletion protection that is not a boolean", stack: "gke", config: { ...GKE_PROJECT, "openhands:gkeDeletionProtection": "on" },
        expect: ["openhands:gkeDeletionProtection", "'on'", "true or false"] },
    // Runtime, storage and engine keys.
    { what: "a bad dockerEngine", stack: "openshift", config: { "openhands:dockerEngine": "podman" },
        expect: [/openhands:dockerEngine: 'podman'.*hostSocket, dind/] },
    { what: "a bad dindImage", stack: "openshift", config: { "openhands:dindImage": "" },
        expect: [/openhands:dindImage: .*image reference/] },
    { what: "a bad dindStorageSize", stack: "openshift", config: { "openhands:dindStorageSize": "lots" },
        expect: [/openhands:dindStorageSize: 'lots'/] },
    { what: "a bad resources (not an object)", stack: "openshift", config: { "openhands:resources": "big" },
        expect: [/openhands:resources.*accepted: an object/] },
    { what: "a bad resources (unknown container)", stack: "openshift", config: { "openhands:resources": "{\"db\":{}}" },
        expect: [/openhands:resources: unknown container 'db'/] },
    { what: "a bad resources (unknown field)", stack: "openshift", config: { "openhands:resources": "{\"app\":{\"gpu\":\"1\"}}" },
        expect: [/openhands:resources\.app: unknown field 'gpu'/] },
    { what: "a bad resources (bad quantity)", stack: "openshift", config: { "openhands:resources": "{\"app\":{\"memoryLimit\":\"8GB\"}}" },
        expect: [/openhands:resources\.app\.memoryLimit: '8GB'/] },
    { what: "a bad runtimeImage", stack: "openshift", config: { "openhands:runtimeImage": "has space:1" },
        expect: [/openhands:runtimeImage/] },
    { what: "a bad sandboxSidecar", stack: "openshift", config: { "openhands:sandboxSidecar": "no" },
        expect: [/openhands:sandboxSidecar.*true or false/] },
    { what: "a bad llmBaseUrl", stack: "openshift", config: { "openhands:llmBaseUrl": "llm.local" },
        expect: [/openhands:llmBaseUrl: 'llm.local' is not an http\(s\) URL/] },
    { what: "a bad llmModel", stack: "openshift", config: { "openhands:llmModel": " " },
        expect: [/openhands:llmModel: is blank/] },
    { what: "a bad persistentState", stack: "openshift", config: { "openhands:persistentState": "yes" },
        expect: [/openhands:persistentState.*true or false/] },
    { what: "a bad stateSize", stack: "openshift", config: { "openhands:stateSize": "10" + "GB" },
        expect: [/openhands:stateSize: '10GB'/] },
    { what: "a bad stateHostPath", stack: "openshift", config: { "openhands:stateHostPath": "state" },
        expect: [/openhands:stateHostPath: 'state' is not an absolute path/] },
    { what: "a bad persistentWorkspace", stack: "openshift", config: { "openhands:persistentWorkspace": "1" },
        expect: [/openhands:persistentWorkspace.*true or false/] },
    { what: "a bad troubleshooting", stack: "openshift", config: { "openhands:troubleshooting": "sure" },
        expect: [/openhands:troubleshooting.*true or false/] },
    { what: "a bad persistentWorkspaceSize", stack: "gke", config: { ...GKE_PROJECT, "openhands:persistentWorkspaceSize": "big" },
        expect: [/openhands:persistentWorkspaceSize: 'big' is not a storage quantity/] },
    // Security keys.
    { what: "a bad rbacScope", stack: "gke", config: { ...GKE_PROJECT, "openhands:rbacScope": "admin" },
        expect: [/openhands:rbacScope: 'admin'.*cluster, namespace, none/] },
    { what: "a bad appRunAsUser", stack: "openshift", config: { "openhands:appRunAsUser": "-5" },
        expect: [/openhands:appRunAsUser: -5 .*a whole number from 1 to 2147483647/] },
    { what: "a bad loadBalancerSourceRanges (bad CIDR)", stack: "gke", config: { ...GKE_PROJECT, "openhands:loadBalancerSourceRanges": "[\"10.0.0.0/33\"]" },
        expect: [/loadBalancerSourceRanges\[0\]: '10.0.0.0\/33' is not a CIDR/] },
    { what: "a bad loadBalancerSourceRanges (not a list)", stack: "gke", config: { ...GKE_PROJECT, "openhands:loadBalancerSourceRanges": "{\"a\":1}" },
        expect: [/loadBalancerSourceRanges: .* is not a list of strings/] },
    { what: "a bad route on gke", stack: "gke", config: { ...GKE_PROJECT, "openhands:route": "true" },
        expect: [/openhands:route: only applies to the openshift platform/] },
    { what: "a bad openshiftScc on gke", stack: "gke", config: { ...GKE_PROJECT, "openhands:openshiftScc": "privileged" },
        expect: [/openhands:openshiftScc: only applies to the openshift platform/] },
    { what: "a bad gcpServiceAccount on openshift", stack: "openshift", config: { "openhands:gcpServiceAccount": "a@b.iam.gserviceaccount.com" },
        expect: [/gcpServiceAccount: only applies to the gke platform/] },
    { what: "a bad gcpServiceAccount (not an e-mail)", stack: "gke", config: { ...GKE_PROJECT, "openhands:gcpServiceAccount": "agent" },
        expect: [/gcpServiceAccount: 'agent' is not a service-account e-mail/] },
    { what: "a bad podSecurityLevel", stack: "openshift", config: { "openhands:podSecurityLevel": "strict" },
        expect: [/openhands:podSecurityLevel: 'strict'.*privileged, baseline, restricted/] },
    { what: "a bad podSecurityWarnLevel", stack: "openshift", config: { "openhands:podSecurityWarnLevel": "loud" },
        expect: [/podSecurityWarnLevel: 'loud'/] },
    { what: "a bad exposeSsh", stack: "gke", config: { ...GKE_PROJECT, "openhands:exposeSsh": "maybe" },
        expect: [/openhands:exposeSsh.*true or false/] },
    { what: "a bad networkPolicy", stack: "openshift", config: { "openhands:networkPolicy": "off" },
        expect: [/openhands:networkPolicy.*true or false/] },
    { what: "a bad routeHost", stack: "openshift", config: { "openhands:route": "true", "openhands:routeHost": "Bad Host" },
        expect: [/openhands:routeHost: 'Bad Host'/] },
    // Hostile and mistaken values (issue 10): the node's system, the cluster's system, values that parse but mean harm.
    ...["/", "//", "/etc", "/etc/", "/var/lib/kubelet", "/var", "/var/run/docker", "/proc/1"].map((path): Case => ({
        what: `the node directory ${JSON.stringify(path)} as the workspace`, stack: "openshift",
        config: { "openhands:workspaceHostPath": path }, expect: ["openhands:workspaceHostPath", /is or contains the node's (root filesystem|system directory)/] })),
    { what: "the node's /var/run as the state directory", stack: "openshift", config: { "openhands:stateHostPath": "/var/run" },
        expect: ["openhands:stateHostPath", "system directory /var/run"] },
    { what: "a host path with a newline", stack: "openshift", config: { "openhands:workspaceHostPath": "/srv/ws\nx" },
        expect: ["openhands:workspaceHostPath", "\\u000a", "control characters"] },
    ...["kube-system", "kube-public", "kube-node-lease", "openshift", "openshift-monitoring"].map((ns): Case => ({
        what: `the system namespace ${ns}`, stack: "openshift", config: { "openhands:namespace": ns },
        expect: ["openhands:namespace", `'${ns}'`, "the cluster's own system"] })),
    { what: "kube-system on gke", stack: "gke", config: { ...GKE_PROJECT, "openhands:namespace": "kube-system" },
        expect: ["openhands:namespace", "the cluster's own system"] },
    { what: "a CPU request above its limit", stack: "openshift", config: { "openhands:resources": "{\"app\":{\"cpuRequest\":\"4\"}}" },
        expect: ["openhands:resources.app", "cpuRequest '4' is larger than cpuLimit '2'"] },
    { what: "a memory request above its limit", stack: "openshift", config: { "openhands:resources": "{\"dind\":{\"memoryRequest\":\"16Gi\"}}" },
        expect: ["openhands:resources.dind", "memoryRequest '16Gi' is larger than memoryLimit '8Gi'"] },
    { what: "a memory limit in milli-bytes", stack: "openshift", config: { "openhands:resources": "{\"app\":{\"memoryLimit\":\"512m\"}}" },
        expect: ["openhands:resources.app.memoryLimit", "'512m' is not a memory quantity"] },
    { what: "a CPU limit in bytes", stack: "openshift", config: { "openhands:resources": "{\"app\":{\"cpuLimit\":\"4Gi\"}}" },
        expect: ["openhands:resources.app.cpuLimit", "'4Gi' is not a CPU quantity"] },
    { what: "a null resources object", stack: "openshift", config: { "openhands:resources": "null" },
        expect: ["openhands:resources", "is not an object"] },
    { what: "a fraction of a byte of Docker storage", stack: "gke", config: { ...GKE_PROJECT, "openhands:dindStorageSize": "0.001Ki" },
        expect: ["openhands:dindStorageSize", "whole bytes", "at least 1Mi"] },
    { what: "two replicas sharing read-write-once volumes", stack: "gke", config: { ...GKE_PROJECT, "openhands:replicas": "2" },
        expect: ["openhands:replicas", "read-write-once"] },
    { what: "an image with two tags", stack: "openshift", config: { "openhands:appImage": "ghcr.io/x/y:tag:tag2" },
        expect: ["openhands:appImage", "one tag at most"] },
    { what: "an image with a trailing zero-width space", stack: "openshift", config: { "openhands:appImage": "ghcr.io/x/y:1.0\u200b" },
        expect: ["openhands:appImage", "\\u200b", "not an image reference"] },
    { what: "an image with an upper-case repository", stack: "openshift", config: { "openhands:sandboxImage": "ghcr.io/X/Y:1" },
        expect: ["openhands:sandboxImage", "lower-case repository"] },
    { what: "the CIDR ':/0'", stack: "gke", config: { ...GKE_PROJECT, "openhands:loadBalancerSourceRanges": "[\":/0\"]" },
        expect: ["openhands:loadBalancerSourceRanges[0]", "':/0' is not a CIDR"] },
    { what: "a sandbox user id beyond 32 bits", stack: "openshift", config: { "openhands:sandboxUserId": "4294967296" },
        expect: ["openhands:sandboxUserId", "from 0 to 2147483647"] },
    { what: "a node port with trailing letters", stack: "openshift", config: { "openhands:nodePort": "30495abc" },
        expect: ["openhands:nodePort", "'30495abc' is not a whole number"] },
    { what: "a 50-character GKE cluster name", stack: "gke", config: { ...GKE_PROJECT, "openhands:gkeClusterName": `c${"a".repeat(49)}` },
        expect: ["openhands:gkeClusterName", "1-40 characters"] },
    { what: "a GKE version that does not exist", stack: "gke", config: { ...GKE_PROJECT, "openhands:gkeKubernetesVersion": "1.99" },
        expect: ["openhands:gkeKubernetesVersion", "'1.99'", "minor from 27 to 49"] },
    { what: "credentials inside the LLM base URL", stack: "openshift", config: { "openhands:llmBaseUrl": "https://user:hunter2@llm.example.com/v1" },
        expect: ["openhands:llmBaseUrl", "user name or password", /^(?![\s\S]*hunter2)/] },
    { what: "a blank LLM API key", stack: "openshift", config: { "openhands:llmApiKey": "   " }, secretKeys: ["openhands:llmApiKey"],
        expect: ["openhands:llmApiKey", "is blank"] },
    { what: "a misspelt key holding a plain-text key", stack: "openshift", config: { "openhands:llmAPIKey": "sk-123456" },
        expect: ["openhands:llmAPIKey", "did you mean openhands:llmApiKey", /^(?![\s\S]*sk-123456)/] },
    { what: "load balancer source ranges on openshift, where nothing would apply them", stack: "openshift",
        config: { "openhands:loadBalancerSourceRanges": "[\"203.0.113.0/24\"]" },
        expect: ["openhands:loadBalancerSourceRanges: only applies to the gke platform"] },
    { what: "a denied egress range that is not a CIDR", stack: "openshift", config: { "openhands:egressDeniedCidrs": "[\"10.0.0.0\"]" },
        expect: ["openhands:egressDeniedCidrs[0]", "'10.0.0.0' is not a CIDR"] },
    { what: "exposeSsh on openshift", stack: "openshift", config: { "openhands:exposeSsh": "true" },
        expect: ["openhands:exposeSsh: only applies to the gke platform"] },
    { what: "Workload Identity for the namespace's default ServiceAccount", stack: "gke",
        config: { ...GKE_PROJECT, "openhands:gcpServiceAccount": "oh@demo-project.iam.gserviceaccount.com", "openhands:serviceAccount": "default" },
        expect: ["openhands:gcpServiceAccount", "every pod of the namespace", "openhands:serviceAccount"] },
    { what: "guideNames that is not a boolean", stack: "openshift", config: { "openhands:guideNames": "yes" },
        expect: ["openhands:guideNames", "'yes' is not a boolean", "true or false"] },
    { what: "protectData that is not a boolean", stack: "openshift", config: { "openhands:protectData": "on" },
        expect: ["openhands:protectData", "'on' is not a boolean"] },
    { what: "a malformed gcpProject", stack: "gke", config: { "openhands:createCluster": "false", "openhands:gcpProject": "My Project" },
        expect: ["openhands:gcpProject", "'My Project' is not a Google Cloud project id"] },
    { what: "gcpProject on openshift", stack: "openshift", config: { "openhands:gcpProject": "demo-project" },
        expect: ["openhands:gcpProject: only applies to the gke platform"] },
    { what: "an SCC name with punctuation", stack: "openshift", config: { "openhands:openshiftScc": "Privileged!" },
        expect: ["openhands:openshiftScc", "'Privileged!'", "DNS-1123 subdomain"] },
    { what: "a node name with a newline", stack: "openshift", config: { "openhands:nodeName": "worker-1\nworker-2" },
        expect: ["openhands:nodeName", "\\u000a"] },
    { what: "routeHost on gke", stack: "gke", config: { ...GKE_PROJECT, "openhands:routeHost": "oh.example.com" },
        expect: ["openhands:routeHost: only applies to the openshift platform"] },
    { what: "a runtime image with two tags", stack: "openshift", config: { "openhands:runtimeImage": "x/runtime:0.59:nikolaik" },
        expect: ["openhands:runtimeImage", "one tag at most"] },
    { what: "a Docker image with a malformed digest", stack: "gke", config: { ...GKE_PROJECT, "openhands:dindImage": "docker@sha256:xyz" },
        expect: ["openhands:dindImage", "not an image reference"] },
    { what: "a claim of half a kibibyte", stack: "openshift", config: { "openhands:workspaceClaimSize": "0.5Ki" },
        expect: ["openhands:workspaceClaimSize", "whole bytes", "at least 1Mi"] },
    { what: "a state size in milli-units", stack: "openshift", config: { "openhands:stateSize": "1m" },
        expect: ["openhands:stateSize", "'1m' is not a storage quantity"] },
    { what: "a negative node port", stack: "openshift", config: { "openhands:nodePort": "-1" },
        expect: ["openhands:nodePort", "-1", "from 30000 to 32767"] },
    { what: "a fractional replica count", stack: "gke", config: { ...GKE_PROJECT, "openhands:replicas": "1.5" },
        expect: ["openhands:replicas", "'1.5' is not a whole number"] },
    { what: "a state directory inside the kubelet's", stack: "openshift", config: { "openhands:stateHostPath": "/var/lib/kubelet/pods" },
        expect: ["openhands:stateHostPath", "system directory /var/lib/kubelet"] },
    { what: "a secret-stored rbacScope with a bad value", stack: "gke", config: { ...GKE_PROJECT, "openhands:rbacScope": "s3cr3t-admin" },
        secretKeys: ["openhands:rbacScope"], expect: ["openhands:rbacScope", "[secret]", /^(?![\s\S]*s3cr3t-admin)/] },
    { what: "a relative render directory", stack: "openshift", config: { "openhands:renderYamlToDirectory": "rendered" },
        expect: ["openhands:renderYamlToDirectory", "'rendered' is not an absolute path"] },
    { what: "rendering a stack that creates its GKE cluster", stack: "gke",
        config: { ...GKE_PROJECT, "openhands:renderYamlToDirectory": "/tmp/rendered" },
        expect: ["openhands:renderYamlToDirectory", "a GKE cluster is not one", "openhands:createCluster false"] },
    { what: "rendering a stack with a Workload Identity binding", stack: "gke",
        config: { ...GKE_PROJECT, "openhands:createCluster": "false", "openhands:gcpServiceAccount": "agent@demo-project.iam.gserviceaccount.com",
            "openhands:renderYamlToDirectory": "/tmp/rendered" },
        expect: ["openhands:renderYamlToDirectory", "openhands:gcpServiceAccount makes an IAM binding"] },
];

describe("bad config stops the run before any resource is registered", () => {
    for (const c of cases) {
        it(`refuses ${c.what} (${Object.keys(c.config).pop() ?? c.drop?.[0] ?? "gcp:project"})`, async () => {
            const refused = await refusedRun(c.stack, c.config, c.secretKeys, c.drop);
            assert.deepStrictEqual(refused.registered.map((r) => r.type), [], "nothing may be registered");
            for (const pattern of c.expect) {
                if (typeof pattern === "string") assert.ok(refused.message.includes(pattern), `'${pattern}' missing from: ${refused.message}`);
                else assert.match(refused.message, pattern);
            }
            assert.match(refused.message, /accepted/, "the message says what is accepted");
        });
    }

    const accepted: Array<[string, "openshift" | "gke", Record<string, string>]> = [
        ["a workspace of its own under /srv", "openshift", { "openhands:workspaceHostPath": "/srv/openhands/workspace" }],
        ["a state directory under /var/lib/openhands-2", "openshift", { "openhands:stateHostPath": "/var/lib/openhands-2" }],
        ["an image with a registry port, a tag and a digest", "openshift",
            { "openhands:appImage": `registry.local:5000/team/openhands:0.59@sha256:${"a".repeat(64)}` }],
        ["an IPv6 source range", "gke", { ...GKE_PROJECT, "openhands:loadBalancerSourceRanges": "[\"2001:db8::/32\"]" }],
        ["sandbox user id 0 (root)", "openshift", { "openhands:sandboxUserId": "0" }],
        ["a GKE version with a patch", "gke", { ...GKE_PROJECT, "openhands:gkeKubernetesVersion": "1.33.5-gke.1000" }],
        ["several replicas with dind and no state", "gke",
            { ...GKE_PROJECT, "openhands:replicas": "3", "openhands:persistentState": "false" }],
    ];
    for (const [what, stack, config] of accepted) {
        it(`accepts ${what}`, async () => {
            const run = await runStack(stack, config);
            assert.ok(run.resources.some((r) => r.type.startsWith("kubernetes:")), "the stack deploys");
        });
    }

    it("reports every bad key of a stack at once", async () => {
        const refused = await refusedRun("openshift", {
            "openhands:namespace": "BAD", "openhands:nodePort": "1", "openhands:workspaceHostPath": "relative",
        });
        for (const key of ["openhands:namespace", "openhands:nodePort", "openhands:workspaceHostPath"]) {
            assert.ok(refused.message.includes(key), key);
        }
    });

    it("never repeats the value of a secret key in its message", async () => {
        const secretText = "{\"private_key\": \"do-not-print\"";
        const refused = await refusedRun("gke", { ...GKE_PROJECT, "openhands:googleCredentials": secretText },
            ["openhands:googleCredentials"]);
        assert.ok(!refused.message.includes("do-not-print"));
    });
});
