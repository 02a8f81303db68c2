// npm run render: writes the dashboards to monitoring/dashboards (commit the result).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DASHBOARDS_DIR, renderDashboards } from '../render.js';

for (const { file, content } of renderDashboards()) {
  writeFileSync(path.join(DASHBOARDS_DIR, file), content);
  console.log(`wrote monitoring/dashboards/${file}`);
}
