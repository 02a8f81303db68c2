// Instant queries against Prometheus's HTTP API (GET /api/v1/query), the call Argo Rollouts'
// Prometheus provider makes for each measurement. The answer is validated before it is used.
import { z } from 'zod';

/** One sample of an instant vector: its labels and its value (NaN stays NaN). */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

const sampleValue = z.tuple([z.number(), z.string()]);
const answer = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [
      z.object({
        resultType: z.literal('vector'),
        result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: sampleValue })),
      }),
      z.object({ resultType: z.literal('scalar'), result: sampleValue }),
    ]),
  }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
]);

/** Evaluates `expr` now; a scalar comes back as one sample without labels. Throws on an error. */
export async function instantQuery(baseUrl: string, expr: string): Promise<Sample[]> {
  const res = await fetch(`${baseUrl}/api/v1/query?${new URLSearchParams({ query: expr })}`, {
    signal: AbortSignal.timeout(5000),
  });
  const parsed = answer.safeParse(await res.json());
  if (!parsed.success) {
    throw new Error(
      `unexpected answer from ${baseUrl} (HTTP ${res.status}): ${parsed.error.message}`,
    );
  }
  const body = parsed.data;
  if (body.status === 'error') throw new Error(`${body.errorType}: ${body.error}\n  in ${expr}`);
  if (body.data.resultType === 'scalar')
    return [{ labels: {}, value: Number(body.data.result[1]) }];
  return body.data.result.map((s) => ({ labels: s.metric, value: Number(s.value[1]) }));
}
