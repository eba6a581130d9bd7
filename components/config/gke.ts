import { GkeClusterArgs, ReleaseChannel } from "../gke/cluster";
import { dnsLabel, integerInRange, oneOf, Problem } from "./validate";

/** Names a GKE cluster field in messages. */
export type GkeKeyNamer = (field: keyof GkeClusterArgs & string) => string;

const LOCATION = /^[a-z]+-[a-z]+[0-9]+(-[a-z])?$/;
const PROJECT_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/** Every problem of a {@link GkeClusterArgs}, each naming its key. Pure. */
export function gkeClusterProblems(args: GkeClusterArgs, key: GkeKeyNamer): Problem[] {
    const problems: Problem[] = [];
    if (!PROJECT_ID.test(args.project)) {
        problems.push(`${key("project")}: '${args.project}' is not a Google Cloud project id; accepted: ` +
            `6-30 characters of lowercase letters, digits and '-', starting with a letter`);
    }
    if (!LOCATION.test(args.location)) {
        problems.push(`${key("location")}: '${args.location}' is not a GKE location; accepted: ` +
            `a region such as 'europe-west4' or a zone such as 'europe-west4-a'`);
    }
    if (args.clusterName !== undefined) problems.push(dnsLabel(key("clusterName"), args.clusterName));
    if (args.nodeCount !== undefined) problems.push(integerInRange(key("nodeCount"), args.nodeCount, 1, 1000));
    if (args.diskSizeGb !== undefined) problems.push(integerInRange(key("diskSizeGb"), args.diskSizeGb, 10, 65536));
    if (args.releaseChannel !== undefined) {
        problems.push(oneOf(key("releaseChannel"), args.releaseChannel, Object.values(ReleaseChannel)));
    }
    if (args.machineType !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)+$/.test(args.machineType)) {
        problems.push(`${key("machineType")}: '${args.machineType}' is not a machine type; accepted: ` +
            `a Compute Engine machine type such as 'e2-standard-4'`);
    }
    if (args.kubernetesVersion !== undefined && !/^1\.[0-9]+(\.[0-9]+(-gke\.[0-9]+)?)?$/.test(args.kubernetesVersion)) {
        problems.push(`${key("kubernetesVersion")}: '${args.kubernetesVersion}' is not a GKE version; accepted: ` +
            `'1.<minor>', '1.<minor>.<patch>' or '1.<minor>.<patch>-gke.<n>'`);
    }
    return problems;
}
