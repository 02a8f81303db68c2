// npm run render:check: fails when a committed dashboard differs from a fresh render.
import { driftedDashboards } from '../render.js';

const drifted = driftedDashboards();
if (drifted.length > 0) {
  console.error(
    `monitoring/dashboards is out of date: ${drifted.join(', ')}. Run \`npm run render -w @gitops-lab/monitoring\` and commit.`,
  );
  process.exit(1);
}
console.log('monitoring/dashboards matches a fresh render');
