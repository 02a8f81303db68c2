import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createLabVpc } from '../src/lab-vpc';
import type { LabNetwork } from '../src/network';

const ZONES = ['ap-northeast-2a', 'ap-northeast-2c'];

function synthVpc(network: LabNetwork, zones = ZONES): Template {
  const stack = new Stack(new App(), 'Net', { env: { region: 'ap-northeast-2' } });
  createLabVpc(stack, 'Vpc', { network, availabilityZones: zones, natGateways: 1 });
  return Template.fromStack(stack);
}

function subnetCidrs(template: Template, isPublic: boolean): string[] {
  return Object.values(template.findResources('AWS::EC2::Subnet'))
    .filter((subnet) => (subnet.Properties.MapPublicIpOnLaunch === true) === isPublic)
    .map((subnet) => subnet.Properties.CidrBlock);
}

describe('createLabVpc', () => {
  it('places public subnets of another size and range where the file says', () => {
    const template = synthVpc({
      vpcCidr: '10.20.0.0/16',
      publicSubnetCidrs: ['10.20.0.0/26', '10.20.0.64/26'],
    });
    expect(subnetCidrs(template, true)).toEqual(['10.20.0.0/26', '10.20.0.64/26']);
    expect(subnetCidrs(template, false)).toEqual(['10.20.16.0/20', '10.20.32.0/20']);
  });

  it.each([
    ['a block CDK does not allocate', ['10.0.0.0/24', '10.0.5.0/24']],
    ['the zones swapped', ['10.0.1.0/24', '10.0.0.0/24']],
    ['one CIDR for two zones', ['10.0.0.0/24']],
    ['a range outside the VPC', ['10.9.0.0/24', '10.9.1.0/24']],
  ])('stops the synth on %s, naming infra/network.json', (_case, publicSubnetCidrs) => {
    expect(() => synthVpc({ vpcCidr: '10.0.0.0/16', publicSubnetCidrs })).toThrow(
      /^infra\/network\.json: publicSubnetCidrs .* are not the public subnets CDK allocates in 10\.0\.0\.0\/16/,
    );
  });

  it('stops the synth on public subnets of mixed sizes', () => {
    expect(() =>
      synthVpc({ vpcCidr: '10.0.0.0/16', publicSubnetCidrs: ['10.0.0.0/24', '10.0.1.0/25'] }),
    ).toThrow(/same prefix length/);
  });
});
