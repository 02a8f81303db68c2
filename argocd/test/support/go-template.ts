// Go's own text/template engine (compiled to WebAssembly), for the templates Argo CD renders:
// ApplicationSet templates and notification templates. Go's built-in functions only (printf,
// index, eq, ...): a template that calls a Sprig function fails here, loudly.
// The package is ESM-only, so it runs in a child process (go-template-worker.mjs).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface RenderJob {
  template: string;
  params: Record<string, unknown>;
}

/** Renders every job in one child process; throws naming the first template that failed. */
export function renderGoTemplates(jobs: RenderJob[]): string[] {
  const output = execFileSync(process.execPath, [join(__dirname, 'go-template-worker.mjs')], {
    input: JSON.stringify(jobs),
    encoding: 'utf8',
  });
  return (JSON.parse(output) as Array<{ output?: string; error?: string }>).map((result, i) => {
    if (result.error !== undefined) {
      throw new Error(`template ${JSON.stringify(jobs[i]?.template)}: ${result.error}`);
    }
    return result.output ?? '';
  });
}
