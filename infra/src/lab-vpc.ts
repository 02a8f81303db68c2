// The EKS VPC, laid out from infra/network.json: public subnets (the ALBs) first, then private
// subnets (the nodes and, with the VPC CNI, every pod). CDK allocates subnet CIDRs in order
// from the start of the VPC range, so public subnets sized like publicSubnetCidrs land exactly
// on them when the file lists the first blocks of the range; anything else stops the synth.
import { aws_ec2 as ec2, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type LabNetwork, NETWORK_FILE } from './network';

export interface LabVpcProps {
  readonly network: LabNetwork;
  readonly availabilityZones: readonly string[];
  readonly natGateways: number;
}

/** Room for pods: with the VPC CNI each pod takes an address of a private subnet. */
const PRIVATE_SUBNET_PREFIX = 20;

export function createLabVpc(scope: Construct, id: string, props: LabVpcProps): ec2.Vpc {
  const { network, availabilityZones } = props;
  const prefixes = new Set(network.publicSubnetCidrs.map((cidr) => cidr.split('/')[1]));
  if (prefixes.size !== 1) {
    throw new Error(
      `${NETWORK_FILE}: publicSubnetCidrs must all have the same prefix length, got ${network.publicSubnetCidrs.join(', ')}`,
    );
  }
  const vpc = new ec2.Vpc(scope, id, {
    ipAddresses: ec2.IpAddresses.cidr(network.vpcCidr),
    availabilityZones: [...availabilityZones],
    natGateways: props.natGateways,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: Number([...prefixes][0]) },
      {
        name: 'private',
        subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
        cidrMask: PRIVATE_SUBNET_PREFIX,
      },
    ],
  });
  const allocated = vpc.publicSubnets.map((subnet) => subnet.ipv4CidrBlock);
  if (allocated.join() !== network.publicSubnetCidrs.join()) {
    throw new Error(
      `${NETWORK_FILE}: publicSubnetCidrs ${network.publicSubnetCidrs.join(', ')} are not the public subnets CDK allocates in ${network.vpcCidr} for the zones ${availabilityZones.join(', ')} (${allocated.join(', ')}): list one CIDR per zone, the first blocks of vpcCidr in order`,
    );
  }
  // The ALB controller picks subnets by these tags: internet-facing ALBs go to the
  // public subnets, internal ones to the private subnets.
  for (const subnet of vpc.publicSubnets) Tags.of(subnet).add('kubernetes.io/role/elb', '1');
  for (const subnet of vpc.privateSubnets) {
    Tags.of(subnet).add('kubernetes.io/role/internal-elb', '1');
  }
  return vpc;
}
