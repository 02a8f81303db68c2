import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLabNetwork } from '../src/network';
import { REPO_ROOT } from './support/lab-app';

const scratch = mkdtempSync(join(tmpdir(), 'infra-network-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function readFrom(content: unknown): () => unknown {
  const root = mkdtempSync(join(scratch, 'root-'));
  mkdirSync(join(root, 'infra'));
  writeFileSync(join(root, 'infra', 'network.json'), JSON.stringify(content));
  return () => readLabNetwork(root);
}

describe('readLabNetwork', () => {
  it('reads the repository file: a /16 VPC and two public /24s', () => {
    expect(readLabNetwork(REPO_ROOT)).toEqual({
      vpcCidr: '10.0.0.0/16',
      publicSubnetCidrs: ['10.0.0.0/24', '10.0.1.0/24'],
    });
  });

  it('names every bad field', () => {
    const read = readFrom({ vpcCidr: '10.0.0.0', publicSubnetCidrs: ['10.0.0.0/24', 'x'], az: 1 });
    expect(read).toThrow(/vpcCidr: is not an IPv4 CIDR/);
    expect(read).toThrow(/publicSubnetCidrs\.1: is not an IPv4 CIDR/);
    expect(read).toThrow(/\(file\): Unrecognized key: "az"/);
  });

  it('wants a public subnet in at least two zones', () => {
    expect(readFrom({ vpcCidr: '10.0.0.0/16', publicSubnetCidrs: ['10.0.0.0/24'] })).toThrow(
      /publicSubnetCidrs: EKS needs subnets in at least two zones/,
    );
  });
});
