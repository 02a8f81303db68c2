// The committed dashboard files: what `npm run render` writes and the drift test compares.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rolloutDashboard } from './dashboard.js';

/** monitoring/dashboards, from src/ (tsx, jest) and dist/ (node) alike. */
export const DASHBOARDS_DIR = path.join(__dirname, '..', 'dashboards');

export interface RenderedFile {
  file: string;
  content: string;
}

/** The repo's Biome formats the JSON, so `biome check` and the drift check agree on every byte. */
function biomeFormatted(file: string, json: string): string {
  const biome = require.resolve('@biomejs/biome/bin/biome');
  return execFileSync(process.execPath, [biome, 'format', `--stdin-file-path=${file}`], {
    input: json,
    encoding: 'utf8',
  });
}

export function renderDashboards(): RenderedFile[] {
  const file = 'rollout.json';
  return [{ file, content: biomeFormatted(file, JSON.stringify(rolloutDashboard(), null, 2)) }];
}

/** The committed files that differ from a fresh render (or are missing). */
export function driftedDashboards(dir = DASHBOARDS_DIR): string[] {
  return renderDashboards()
    .filter(({ file, content }) => {
      try {
        return readFileSync(path.join(dir, file), 'utf8') !== content;
      } catch {
        return true;
      }
    })
    .map(({ file }) => file);
}
