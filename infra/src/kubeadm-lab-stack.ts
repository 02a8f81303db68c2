// Week 1: three Ubuntu 22.04 machines for building a cluster by hand with kubeadm, as in
// the curriculum (default VPC, one zone, t2.medium, 20 GiB), but with a security group that
// opens only the Kubernetes ports between members and SSH/API/NodePorts to one CIDR.
//
// The default VPC is used without a lookup: an instance given only an availability zone and
// a security group without a VpcId land in the default VPC, so `cdk synth` stays offline.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Annotations,
  CfnOutput,
  aws_ec2 as ec2,
  Fn,
  aws_iam as iam,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { LabConfig } from './config';

export interface KubeadmLabStackProps extends StackProps {
  readonly config: LabConfig;
  /** infra/kubeadm/node-setup.sh, the user data every node runs at first boot. */
  readonly nodeSetupScript: string;
}

export const KUBEADM_NODE_NAMES = ['k8s-master', 'k8s-worker1', 'k8s-worker2'] as const;

/** Canonical publishes the current Ubuntu 22.04 AMI per region under this SSM parameter. */
export const UBUNTU_2204_AMI_PARAMETER =
  '/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id';

interface PortRule {
  readonly description: string;
  readonly protocol: string;
  /** Omitted for protocols without ports (IP-in-IP). */
  readonly from?: number;
  readonly to?: number;
}

/** Traffic a kubeadm cluster with Calico needs between its own machines. */
export const MEMBER_RULES: readonly PortRule[] = [
  { description: 'Kubernetes API server', protocol: 'tcp', from: 6443, to: 6443 },
  { description: 'etcd server client API', protocol: 'tcp', from: 2379, to: 2380 },
  { description: 'kubelet API', protocol: 'tcp', from: 10250, to: 10250 },
  { description: 'kube-proxy health', protocol: 'tcp', from: 10256, to: 10256 },
  { description: 'kube-controller-manager', protocol: 'tcp', from: 10257, to: 10257 },
  { description: 'kube-scheduler', protocol: 'tcp', from: 10259, to: 10259 },
  { description: 'NodePort Services', protocol: 'tcp', from: 30000, to: 32767 },
  { description: 'Calico BGP', protocol: 'tcp', from: 179, to: 179 },
  { description: 'Calico Typha', protocol: 'tcp', from: 5473, to: 5473 },
  { description: 'Calico VXLAN', protocol: 'udp', from: 4789, to: 4789 },
  // Protocol 4 is IP-in-IP, Calico's default encapsulation between nodes.
  { description: 'Calico IP-in-IP', protocol: '4' },
  { description: 'ping between nodes', protocol: 'icmp', from: -1, to: -1 },
];

/** What the student's own machine may reach, and only from allowedCidr. */
export const OUTSIDE_RULES: readonly PortRule[] = [
  { description: 'SSH', protocol: 'tcp', from: 22, to: 22 },
  {
    description: 'Kubernetes API server (kubectl from a laptop)',
    protocol: 'tcp',
    from: 6443,
    to: 6443,
  },
  { description: 'NodePort Services', protocol: 'tcp', from: 30000, to: 32767 },
];

export class KubeadmLabStack extends Stack {
  constructor(scope: Construct, id: string, props: KubeadmLabStackProps) {
    super(scope, id, props);
    const { config } = props;

    const securityGroup = new ec2.CfnSecurityGroup(this, 'K8sSecurityGroup', {
      groupName: 'k8s-sg',
      groupDescription: 'kubeadm lab: Kubernetes ports between members, SSH/API from allowedCidr',
    });
    // One ingress rule per port range: from the group's own members, or from allowedCidr.
    const allow = (
      id: string,
      rule: PortRule,
      source: { sourceSecurityGroupId: string } | { cidrIp: string },
    ) =>
      new ec2.CfnSecurityGroupIngress(this, id, {
        groupId: securityGroup.attrGroupId,
        ...source,
        description: rule.description,
        ipProtocol: rule.protocol,
        fromPort: rule.from,
        toPort: rule.to,
      });
    for (const rule of MEMBER_RULES) {
      allow(`Member ${rule.description}`, rule, {
        sourceSecurityGroupId: securityGroup.attrGroupId,
      });
    }
    if (config.allowedCidr !== '') {
      if (config.allowedCidr.endsWith('/0')) {
        Annotations.of(this).addWarningV2(
          'gitops-lab:open-to-internet',
          `allowedCidr ${config.allowedCidr} opens SSH and the API server to the whole internet`,
        );
      }
      for (const rule of OUTSIDE_RULES) {
        allow(`Outside ${rule.description}`, rule, { cidrIp: config.allowedCidr });
      }
    } else {
      Annotations.of(this).addWarningV2(
        'gitops-lab:no-allowed-cidr',
        'allowedCidr is empty: SSH and the API are closed from outside (Session Manager still works). Deploy with -c allowedCidr="$(curl -s https://checkip.amazonaws.com)/32".',
      );
    }

    const keyPair = config.createKeyPair
      ? new ec2.KeyPair(this, 'KeyPair', { keyPairName: config.keyPairName })
      : undefined;
    const keyName = keyPair ? keyPair.keyPairName : config.keyPairName;

    // Session Manager as a way in that needs no open port (the Ubuntu AMI ships the agent).
    const role = new iam.Role(this, 'NodeRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    const instanceProfile = new iam.CfnInstanceProfile(this, 'NodeInstanceProfile', {
      roles: [role.roleName],
    });

    const launchTemplate = new ec2.CfnLaunchTemplate(this, 'NodeLaunchTemplate', {
      launchTemplateData: {
        // Hop limit 1: only the host (master-init.sh reads its public IP) gets a metadata token,
        // no pod of the lab cluster.
        metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [
          {
            deviceName: '/dev/sda1',
            ebs: {
              volumeSize: config.kubeadmVolumeGiB,
              volumeType: 'gp3',
              encrypted: true,
              deleteOnTermination: true,
            },
          },
        ],
      },
    });

    const imageId =
      ec2.MachineImage.fromSsmParameter(UBUNTU_2204_AMI_PARAMETER).getImage(this).imageId;

    for (const nodeName of KUBEADM_NODE_NAMES) {
      const instance = new ec2.CfnInstance(this, nodeName, {
        imageId,
        instanceType: config.kubeadmInstanceType,
        availabilityZone: config.kubeadmAvailabilityZone,
        keyName,
        securityGroupIds: [securityGroup.attrGroupId],
        iamInstanceProfile: instanceProfile.ref,
        launchTemplate: {
          launchTemplateId: launchTemplate.ref,
          version: launchTemplate.attrLatestVersionNumber,
        },
        userData: Fn.base64(
          nodeUserData(nodeName, config.kubeadmKubernetesVersion, props.nodeSetupScript),
        ),
        tags: [{ key: 'Name', value: nodeName }],
      });
      new CfnOutput(this, `${outputId(nodeName)}PublicIp`, { value: instance.attrPublicIp });
      new CfnOutput(this, `${outputId(nodeName)}PrivateIp`, { value: instance.attrPrivateIp });
    }

    if (keyPair) {
      new CfnOutput(this, 'DownloadPrivateKeyCommand', {
        description: 'The generated key pair is kept in SSM Parameter Store',
        value: `aws ssm get-parameter --region ${Stack.of(this).region} --name /ec2/keypair/${keyPair.keyPairId} --with-decryption --query Parameter.Value --output text > ${config.keyPairName}.pem && chmod 400 ${config.keyPairName}.pem`,
      });
    }
  }
}

/** The node's name and Kubernetes minor version, then infra/kubeadm/node-setup.sh. */
export function nodeUserData(nodeName: string, kubernetesMinor: string, script: string): string {
  const body = script.replace(/^#!.*\n/, '');
  return `#!/bin/bash\nexport NODE_NAME='${nodeName}'\nexport KUBERNETES_MINOR='${kubernetesMinor}'\n${body}`;
}

export function readNodeSetupScript(infraDir: string): string {
  return readFileSync(join(infraDir, 'kubeadm', 'node-setup.sh'), 'utf8');
}

function outputId(nodeName: string): string {
  return nodeName.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
}
