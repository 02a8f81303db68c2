// Reads and edits manifests/config/<env>.json. The bump touches only apps.<app>.image.tag and
// .digest and keeps every other byte of the file (formatting, key order, other fields) as it was.
// The manifests workspace validates the whole file when it renders; this reads only what a bump
// needs, and tolerates values an older commit may hold (previous-tag.ts reads the history).
import { applyEdits, modify, type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { z } from 'zod';

export interface AppImage {
  repository: string;
  tag: string;
  digest?: string;
}

export interface EnvironmentConfig {
  /** app name → its image, as found in the config file. */
  images: Map<string, AppImage>;
  /** Whether a release deploys to this environment by itself (dev, local). */
  autoDeploy: boolean;
}

const configFileSchema = z.looseObject({
  apps: z.record(
    z.string(),
    z.looseObject({
      image: z.looseObject({
        repository: z.string(),
        tag: z.string(),
        digest: z.string().optional(),
      }),
    }),
  ),
  autoDeploy: z.boolean().default(false),
});

export function readConfig(text: string, file: string): EnvironmentConfig {
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (first) {
    throw new Error(
      `${file}: invalid JSON (${printParseErrorCode(first.error)} at ${first.offset})`,
    );
  }
  const result = configFileSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) => `${i.path.join('.') || '(file)'}: ${i.message}`,
    );
    throw new Error(`${file}: ${problems.join('; ')}`);
  }
  const images = new Map(
    Object.entries(result.data.apps).map(([app, { image }]): [string, AppImage] => [
      app,
      image.digest === undefined
        ? { repository: image.repository, tag: image.tag }
        : { repository: image.repository, tag: image.tag, digest: image.digest },
    ]),
  );
  return { images, autoDeploy: result.data.autoDeploy };
}

/** Returns `text` with apps.<app>.image.tag (and .digest, removed when undefined) set. */
export function setImage(text: string, app: string, image: { tag: string; digest?: string }) {
  const options = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };
  const withTag = applyEdits(text, modify(text, ['apps', app, 'image', 'tag'], image.tag, options));
  return applyEdits(
    withTag,
    modify(withTag, ['apps', app, 'image', 'digest'], image.digest, options),
  );
}
