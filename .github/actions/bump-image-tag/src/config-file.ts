// Reads and edits manifests/config/<env>.json. The bump touches only apps.<app>.image.tag and keeps
// every other byte of the file (formatting, key order, fields it does not know) as it was.
import { applyEdits, modify, type ParseError, parse, printParseErrorCode } from 'jsonc-parser';

export interface AppImage {
  repository: string;
  tag: string;
}

/** app name → its image, as found in the config file. */
export type AppImages = Map<string, AppImage>;

export function readAppImages(text: string, file: string): AppImages {
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (first) {
    throw new Error(
      `${file}: invalid JSON (${printParseErrorCode(first.error)} at ${first.offset})`,
    );
  }
  const apps = isRecord(data) ? data.apps : undefined;
  if (!isRecord(apps)) throw new Error(`${file}: missing the "apps" object`);
  const images: AppImages = new Map();
  for (const [app, value] of Object.entries(apps)) {
    const image = isRecord(value) ? value.image : undefined;
    if (!isRecord(image) || typeof image.repository !== 'string' || typeof image.tag !== 'string') {
      throw new Error(`${file}: apps.${app}.image needs string "repository" and "tag" fields`);
    }
    images.set(app, { repository: image.repository, tag: image.tag });
  }
  return images;
}

/** Returns `text` with apps.<app>.image.tag set to `tag`, everything else unchanged. */
export function setImageTag(text: string, app: string, tag: string): string {
  const edits = modify(text, ['apps', app, 'image', 'tag'], tag, {
    formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' },
  });
  return applyEdits(text, edits);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
