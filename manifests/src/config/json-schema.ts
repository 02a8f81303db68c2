import { z } from 'zod';
import { configSchema } from './schema.js';

/** Where editors find it: every config file says `"$schema": "./schema.json"`. */
export const CONFIG_SCHEMA_FILE = 'schema.json';

/**
 * manifests/config/schema.json: the config schema as JSON Schema, so an editor completes and
 * checks the files as they are typed. It describes the file as written (`io: 'input'`); rules
 * zod checks in code (canonical quantities, requests within limits, one peer kind) are not in it,
 * and `npm run synth` still reports them.
 */
export function renderConfigJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'manifests/config/<env>.json' }, null, 2)}\n`;
}
