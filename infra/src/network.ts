// infra/network.json: the EKS VPC's address range and the CIDRs of its public subnets, where
// the ALBs live. One file read by two workspaces: this app builds the VPC from it, and the
// manifests admit exactly those subnets in the frontend's NetworkPolicy (with the VPC CNI every
// pod has a VPC address, so a peer as wide as the VPC would admit every pod).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const cidr = z.cidrv4('is not an IPv4 CIDR such as 10.0.0.0/24');

export const labNetworkSchema = z.strictObject({
  vpcCidr: cidr,
  /** One per availability zone, in the order of `availabilityZones` in cdk.json. */
  publicSubnetCidrs: z.array(cidr).min(2, 'EKS needs subnets in at least two zones'),
});

export type LabNetwork = z.infer<typeof labNetworkSchema>;

export const NETWORK_FILE = join('infra', 'network.json');

export function readLabNetwork(root: string): LabNetwork {
  const path = join(root, NETWORK_FILE);
  const result = labNetworkSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`,
    );
    throw new Error(`${path}:\n  - ${problems.join('\n  - ')}`);
  }
  return result.data;
}
