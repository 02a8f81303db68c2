// Opaque page cursors: clients pass back what they got and never build one themselves,
// so the paging key can change without breaking them.
const PREFIX = 'm1:';
const MAX_ID = 2_147_483_647;

export function encodeCursor(id: number): string {
  return Buffer.from(`${PREFIX}${id}`).toString('base64url');
}

/** The id encoded in `cursor`, or undefined when it is not a cursor this api produced. */
export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(cursor)) return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const match = /^m1:([1-9]\d{0,9})$/.exec(decoded);
  const id = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  return Number.isInteger(id) && id <= MAX_ID ? id : undefined;
}
