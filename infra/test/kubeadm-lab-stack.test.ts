import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  KUBEADM_NODE_NAMES,
  KubeadmLabStack,
  readNodeSetupScript,
  UBUNTU_2204_AMI_PARAMETER,
} from '../src/kubeadm-lab-stack';
import { labEnv } from '../src/lab-env';
import { INFRA_DIR, labApp } from './support/lab-app';

const nodeSetupScript = readNodeSetupScript(INFRA_DIR);

function synth(overrides: Record<string, unknown> = {}): Template {
  const { app, config } = labApp(overrides);
  return Template.fromStack(
    new KubeadmLabStack(app, 'GitopsLabKubeadm', {
      env: labEnv(config, {}),
      config,
      nodeSetupScript,
    }),
  );
}

type Rule = {
  CidrIp?: string;
  SourceSecurityGroupId?: unknown;
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
};

function ingressRules(template: Template): Rule[] {
  return Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map(
    (resource) => resource.Properties,
  );
}

function covers(rule: Rule, port: number): boolean {
  return (
    rule.IpProtocol === '-1' ||
    (rule.IpProtocol === 'tcp' && (rule.FromPort ?? 0) <= port && port <= (rule.ToPort ?? 65535))
  );
}

/** The user data of one instance: Fn::Base64 of a plain string. */
function userData(template: Template, nodeName: string): string {
  const instance = Object.values(template.findResources('AWS::EC2::Instance')).find((i) =>
    i.Properties.Tags.some((tag: { Key: string; Value: string }) => tag.Value === nodeName),
  );
  return instance?.Properties.UserData['Fn::Base64'];
}

const closed = synth();
const open = synth({ allowedCidr: '203.0.113.7/32' });

describe('KubeadmLabStack', () => {
  it('runs k8s-master, k8s-worker1 and k8s-worker2 as t2.medium in ap-northeast-2a', () => {
    closed.resourceCountIs('AWS::EC2::Instance', 3);
    for (const name of KUBEADM_NODE_NAMES) {
      closed.hasResourceProperties('AWS::EC2::Instance', {
        InstanceType: 't2.medium',
        AvailabilityZone: 'ap-northeast-2a',
        KeyName: { Ref: Match.stringLikeRegexp('^KeyPair') },
        Tags: [{ Key: 'Name', Value: name }],
      });
    }
    // No SubnetId and no VpcId anywhere: the instances land in the default VPC.
    expect(JSON.stringify(closed.toJSON())).not.toMatch(/SubnetId|VpcId/);
  });

  it('boots Ubuntu 22.04 from Canonical’s SSM parameter with a 20 GiB encrypted gp3 disk', () => {
    const parameters = closed.toJSON().Parameters as Record<string, { Default?: string }>;
    expect(Object.values(parameters).map((p) => p.Default)).toContain(UBUNTU_2204_AMI_PARAMETER);
    closed.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: {
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        BlockDeviceMappings: [
          {
            DeviceName: '/dev/sda1',
            Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true },
          },
        ],
      },
    });
  });

  it('runs node-setup.sh as user data with each node’s name and the Kubernetes minor', () => {
    for (const name of KUBEADM_NODE_NAMES) {
      const script = userData(closed, name);
      expect(
        script.startsWith(
          `#!/bin/bash\nexport NODE_NAME='${name}'\nexport KUBERNETES_MINOR='1.35'\n`,
        ),
      ).toBe(true);
      expect(script).toContain('apt-get install -y -q kubelet kubeadm kubectl');
      expect(script).toContain('containerd');
    }
  });

  it('names the security group k8s-sg and opens the Kubernetes ports between members only', () => {
    closed.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupName: 'k8s-sg' });
    const rules = ingressRules(closed);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.SourceSecurityGroupId).toEqual({ 'Fn::GetAtt': ['K8sSecurityGroup', 'GroupId'] });
      expect(rule.CidrIp).toBeUndefined();
    }
    for (const port of [6443, 2379, 2380, 10250, 179, 30080]) {
      expect(rules.some((rule) => covers(rule, port))).toBe(true);
    }
    expect(rules.some((rule) => rule.IpProtocol === '4')).toBe(true);
    expect(rules.some((rule) => rule.IpProtocol === '-1')).toBe(false);
  });

  it('leaves SSH and the API closed to the outside by default (no 0.0.0.0/0)', () => {
    expect(JSON.stringify(closed.toJSON())).not.toContain('0.0.0.0/0');
    const outside = ingressRules(closed).filter((rule) => rule.SourceSecurityGroupId === undefined);
    expect(outside).toEqual([]);
  });

  it('opens SSH, the API and NodePorts to allowedCidr only when it is given', () => {
    const outside = ingressRules(open).filter((rule) => rule.CidrIp !== undefined);
    expect(outside.map((rule) => [rule.CidrIp, rule.FromPort, rule.ToPort])).toEqual([
      ['203.0.113.7/32', 22, 22],
      ['203.0.113.7/32', 6443, 6443],
      ['203.0.113.7/32', 30000, 32767],
    ]);
    expect(JSON.stringify(open.toJSON())).not.toContain('0.0.0.0/0');
  });

  it('creates the key pair and says how to download its private key', () => {
    closed.hasResourceProperties('AWS::EC2::KeyPair', { KeyName: 'k8s-lab-key' });
    closed.hasOutput('DownloadPrivateKeyCommand', {
      Value: {
        'Fn::Join': [
          '',
          [
            'aws ssm get-parameter --region ap-northeast-2 --name /ec2/keypair/',
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeyPair'), 'KeyPairId'] },
            ' --with-decryption --query Parameter.Value --output text > k8s-lab-key.pem && chmod 400 k8s-lab-key.pem',
          ],
        ],
      },
    });
    for (const name of ['K8sMaster', 'K8sWorker1', 'K8sWorker2']) {
      closed.hasOutput(`${name}PublicIp`, {});
    }
  });

  it('uses an existing key pair by name when createKeyPair is false', () => {
    const existing = synth({ createKeyPair: 'false', keyPairName: 'my-key' });
    existing.resourceCountIs('AWS::EC2::KeyPair', 0);
    existing.hasResourceProperties('AWS::EC2::Instance', { KeyName: 'my-key' });
  });
});
