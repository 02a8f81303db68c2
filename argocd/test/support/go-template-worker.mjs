// Renders Go text/template strings with Go's own engine (compiled to WebAssembly), as the
// ApplicationSet controller does. The package is ESM-only, so jest runs this as a child process.
// stdin: [{ "template": "...", "params": {...} }]; stdout: [{ "output": "..." } | { "error": "..." }]
import { parse } from '@evertdespiegeleer/go-template';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const { template, params } of JSON.parse(input)) {
  try {
    results.push({ output: await parse(template, params) });
  } catch (error) {
    results.push({ error: error instanceof Error ? error.message : String(error) });
  }
}
process.stdout.write(JSON.stringify(results));
// The Go runtime keeps the event loop alive: leave explicitly.
process.exit(0);
