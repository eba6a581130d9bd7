/**
 * Entry of the component package that `pulumi package add` runs: the component classes
 * it exports are the package's resources, named `openhands:index:<Class>` after the
 * `name` in this directory's package.json. The schema is inferred from their args.
 */
export { OpenHands } from "../components";
export { GkeCluster } from "../components/gke";
