import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * infra/network.json: the EKS VPC's address plan, shared with infra so no CIDR is typed twice.
 * The ALB's ENIs (and so the source address of every request it forwards to a pod) live in the
 * public subnets.
 */
export const INFRA_NETWORK_FILE = join(__dirname, '..', '..', '..', 'infra', 'network.json');

const cidr = z.string().regex(/^([0-9]{1,3}\.){3}[0-9]{1,3}\/([0-9]|[12][0-9]|3[0-2])$/, {
  error: (issue) => `"${String(issue.input)}" is not an IPv4 CIDR`,
});

const networkSchema = z.object({
  vpcCidr: cidr,
  publicSubnetCidrs: z.array(cidr).min(1),
});

export type InfraNetwork = z.infer<typeof networkSchema>;

/** Reads and validates infra/network.json. */
export function loadInfraNetwork(file = INFRA_NETWORK_FILE): InfraNetwork {
  const parsed = networkSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (parsed.success) return parsed.data;
  throw new Error(`${file} is invalid:\n${z.prettifyError(parsed.error)}`);
}
