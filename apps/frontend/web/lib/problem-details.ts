// Reads the api's problem+json errors (RFC 9457) into messages the page can show next to the
// form fields they name.

export interface FieldProblem {
  field: string;
  detail: string;
}

export interface ProblemSummary {
  status: number;
  title: string;
  detail: string | undefined;
  fields: FieldProblem[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns any error body into a summary; a body that is not a problem document gives the HTTP status only. */
export function readProblem(status: number, body: unknown): ProblemSummary {
  if (!isRecord(body)) return { status, title: `HTTP ${status}`, detail: undefined, fields: [] };
  const fields = Array.isArray(body.errors)
    ? body.errors
        .filter(isRecord)
        .flatMap((e) =>
          typeof e.field === 'string' && typeof e.detail === 'string'
            ? [{ field: e.field, detail: e.detail }]
            : [],
        )
    : [];
  return {
    status,
    title: typeof body.title === 'string' ? body.title : `HTTP ${status}`,
    detail: typeof body.detail === 'string' ? body.detail : undefined,
    fields,
  };
}
