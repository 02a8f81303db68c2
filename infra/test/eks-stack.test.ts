import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { parse } from 'yaml';
import { readArgoCdInstall } from '../src/argocd-install';
import { readBootstrapManifests } from '../src/bootstrap-application';
import { EksStack } from '../src/eks-stack';
import { labEnv } from '../src/lab-env';
import { readLabNetwork } from '../src/network';
import { labApp, REPO_ROOT } from './support/lab-app';

// The EKS stack takes seconds to synthesise: build it once, with a fork's repoUrl and an SSO
// session as the deploying principal, and read everything from that one template.
const FORK_URL = 'https://github.com/student-42/gitops-lab.git';
const CALLER = 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123abcd/student';

const { app, config } = labApp({ repoUrl: FORK_URL, adminPrincipalArn: CALLER });
const stack = new EksStack(app, 'GitopsLabEks', {
  env: labEnv(config, {}),
  config,
  network: readLabNetwork(REPO_ROOT),
  argoCd: readArgoCdInstall(REPO_ROOT),
  bootstrap: readBootstrapManifests(REPO_ROOT, config.repoUrl),
});
const template = Template.fromStack(stack);
const chartJson = JSON.parse(readFileSync(join(REPO_ROOT, 'argocd/install/chart.json'), 'utf8'));

function helmChart(chart: string): Record<string, unknown> {
  const charts = Object.values(template.findResources('Custom::AWSCDK-EKS-HelmChart')).filter(
    (resource) => resource.Properties.Chart === chart,
  );
  expect(charts).toHaveLength(1);
  return charts[0]?.Properties;
}

/** Kubernetes objects applied by the kubectl provider (plain JSON manifests only). */
function manifests(): Record<string, unknown>[] {
  return Object.values(template.findResources('Custom::AWSCDK-EKS-KubernetesResource'))
    .map((resource) => resource.Properties.Manifest)
    .filter((manifest): manifest is string => typeof manifest === 'string')
    .flatMap((manifest) => JSON.parse(manifest));
}

/** A JSON string CloudFormation assembles with Fn::Join, parsed with each token as "<token>". */
function joinedJson(value: unknown): unknown {
  if (typeof value === 'string') return JSON.parse(value);
  const [separator, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return JSON.parse(
    parts.map((part) => (typeof part === 'string' ? part : '<token>')).join(separator),
  );
}

function subnetTags(type: 'Public' | 'Private'): Record<string, string>[] {
  return Object.values(template.findResources('AWS::EC2::Subnet'))
    .map((subnet) => subnet.Properties.Tags as { Key: string; Value: string }[])
    .filter((tags) => tags.some((tag) => tag.Key === 'aws-cdk:subnet-type' && tag.Value === type))
    .map((tags) => Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value])));
}

describe('EksStack', () => {
  it('defaults to Seoul and spreads the VPC over the two zones in cdk.json', () => {
    expect(stack.region).toBe('ap-northeast-2');
    const zones = Object.values(template.findResources('AWS::EC2::Subnet')).map(
      (subnet) => subnet.Properties.AvailabilityZone,
    );
    expect(new Set(zones)).toEqual(new Set(['ap-northeast-2a', 'ap-northeast-2c']));
  });

  it('puts the public subnets, where the ALBs live, exactly at infra/network.json', () => {
    // The file as the manifests read it, not through the app's own reader.
    const network = JSON.parse(readFileSync(join(REPO_ROOT, 'infra/network.json'), 'utf8'));
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: network.vpcCidr });
    const publicCidrs = Object.values(template.findResources('AWS::EC2::Subnet'))
      .filter((subnet) => subnet.Properties.MapPublicIpOnLaunch === true)
      .map((subnet) => subnet.Properties.CidrBlock);
    expect(publicCidrs).toEqual(network.publicSubnetCidrs);
  });

  it('tags public subnets for internet-facing ALBs and private ones for internal ALBs', () => {
    const publicTags = subnetTags('Public');
    const privateTags = subnetTags('Private');
    expect(publicTags).toHaveLength(2);
    expect(privateTags).toHaveLength(2);
    for (const tags of publicTags) {
      expect(tags['kubernetes.io/role/elb']).toBe('1');
      expect(tags['kubernetes.io/role/internal-elb']).toBeUndefined();
    }
    for (const tags of privateTags) {
      expect(tags['kubernetes.io/role/internal-elb']).toBe('1');
      expect(tags['kubernetes.io/role/elb']).toBeUndefined();
    }
  });

  it('warns at synth that an empty eksPublicAccessCidrs leaves the API endpoint open to the internet', () => {
    Annotations.fromStack(stack).hasWarning(
      '/GitopsLabEks',
      Match.stringLikeRegexp(
        '^eksPublicAccessCidrs is empty: the EKS API endpoint accepts connections from the whole internet',
      ),
    );
    const { app: limitedApp, config: limited } = labApp({
      eksPublicAccessCidrs: '198.51.100.0/24',
    });
    const limitedStack = new EksStack(limitedApp, 'GitopsLabEks', {
      env: labEnv(limited, {}),
      config: limited,
      network: readLabNetwork(REPO_ROOT),
      argoCd: readArgoCdInstall(REPO_ROOT),
      bootstrap: readBootstrapManifests(REPO_ROOT, limited.repoUrl),
    });
    Annotations.fromStack(limitedStack).hasNoWarning(
      '/GitopsLabEks',
      Match.stringLikeRegexp('^eksPublicAccessCidrs'),
    );
    Template.fromStack(limitedStack).hasResourceProperties('AWS::EKS::Cluster', {
      ResourcesVpcConfig: Match.objectLike({ PublicAccessCidrs: ['198.51.100.0/24'] }),
    });
  });

  it('runs Kubernetes 1.35 with the API reachable publicly and privately', () => {
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Name: 'gitops-lab',
      Version: '1.35',
      ResourcesVpcConfig: Match.objectLike({
        EndpointPublicAccess: true,
        EndpointPrivateAccess: true,
      }),
    });
  });

  it('has one managed node group of t3.medium: 2 nodes, min 1, max 3, in private subnets', () => {
    template.resourceCountIs('AWS::EKS::Nodegroup', 1);
    template.hasResourceProperties('AWS::EKS::Nodegroup', {
      InstanceTypes: ['t3.medium'],
      AmiType: 'AL2023_x86_64_STANDARD',
      ScalingConfig: { DesiredSize: 2, MinSize: 1, MaxSize: 3 },
      Subnets: [
        { Ref: Match.stringLikeRegexp('^VpcprivateSubnet1') },
        { Ref: Match.stringLikeRegexp('^VpcprivateSubnet2') },
      ],
    });
  });

  it('keeps pods away from the node role: IMDSv2 only, hop limit 1, in the node group’s launch template', () => {
    const templates = Object.entries(template.findResources('AWS::EC2::LaunchTemplate'));
    expect(templates).toHaveLength(1);
    const [launchTemplateId, launchTemplate] = templates[0] ?? ['', {}];
    const { UserData: _userData, ...launchTemplateData } =
      launchTemplate.Properties.LaunchTemplateData;
    expect(launchTemplateData).toEqual({
      MetadataOptions: {
        HttpEndpoint: 'enabled',
        HttpTokens: 'required',
        HttpPutResponseHopLimit: 1,
      },
      BlockDeviceMappings: [
        {
          DeviceName: '/dev/xvda',
          Ebs: { VolumeSize: 20, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true },
        },
      ],
    });
    const nodegroup = Object.values(template.findResources('AWS::EKS::Nodegroup'))[0];
    expect(nodegroup?.Properties.LaunchTemplate).toEqual({
      Id: { Ref: launchTemplateId },
      Version: { 'Fn::GetAtt': [launchTemplateId, 'LatestVersionNumber'] },
    });
    // EKS rejects a node group that sets a disk size next to a launch template.
    expect(nodegroup?.Properties.DiskSize).toBeUndefined();
  });

  it('installs the AWS Load Balancer Controller chart, pinned, with an IRSA service account', () => {
    const chart = helmChart('aws-load-balancer-controller');
    expect(chart.Version).toBe('3.2.2');
    expect(chart.Repository).toBe('https://aws.github.io/eks-charts');
    // Region and VPC come from the values, credentials from IRSA: the controller needs no
    // instance metadata, which the hop limit of 1 keeps from pods.
    expect(joinedJson(chart.Values)).toMatchObject({
      region: 'ap-northeast-2',
      vpcId: '<token>',
      image: { repository: 'public.ecr.aws/eks/aws-load-balancer-controller', tag: 'v3.2.2' },
      serviceAccount: { create: false, name: 'aws-load-balancer-controller' },
    });
    // Its ServiceAccount manifest embeds the IAM role ARN (a token), so it is a Fn::Join.
    const serviceAccounts = Object.values(
      template.findResources('Custom::AWSCDK-EKS-KubernetesResource'),
    )
      .map((resource) => resource.Properties.Manifest)
      .filter((manifest) => typeof manifest !== 'string')
      .flatMap((manifest) => joinedJson(manifest) as Record<string, unknown>[]);
    expect(serviceAccounts).toContainEqual(
      expect.objectContaining({
        kind: 'ServiceAccount',
        metadata: expect.objectContaining({
          name: 'aws-load-balancer-controller',
          namespace: 'kube-system',
          annotations: { 'eks.amazonaws.com/role-arn': '<token>' },
        }),
      }),
    );
  });

  it('adds the EBS CSI driver with an IRSA role bound to its controller service account', () => {
    template.hasResource('AWS::EKS::Addon', {
      Properties: {
        AddonName: 'aws-ebs-csi-driver',
        ServiceAccountRoleArn: {
          'Fn::GetAtt': [Match.stringLikeRegexp('^EbsCsiDriverRole'), 'Arn'],
        },
      },
      // Created after the nodes: the add-on is only ACTIVE once its pods run.
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^ClusterNodegroupNodes')]),
    });
    const trust = Object.values(template.findResources('Custom::AWSCDKCfnJson')).map((resource) =>
      JSON.stringify(resource.Properties.Value),
    );
    expect(
      trust.some((value) =>
        value.includes('system:serviceaccount:kube-system:ebs-csi-controller-sa'),
      ),
    ).toBe(true);
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith([
        {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
            ],
          ],
        },
      ]),
    });
  });

  it('turns on NetworkPolicy enforcement in the managed VPC CNI add-on, before the nodes start', () => {
    const addons = template.findResources('AWS::EKS::Addon', {
      Properties: { AddonName: 'vpc-cni' },
    });
    const entries = Object.entries(addons);
    expect(entries).toHaveLength(1);
    const [addonId, addon] = entries[0] ?? ['', {}];
    expect(addon.Properties).toMatchObject({
      ClusterName: { Ref: expect.stringMatching(/^Cluster/) },
      ResolveConflicts: 'OVERWRITE',
    });
    expect(JSON.parse(addon.Properties.ConfigurationValues)).toMatchObject({
      enableNetworkPolicy: 'true',
    });
    const nodegroup = Object.values(template.findResources('AWS::EKS::Nodegroup'))[0];
    expect(nodegroup?.DependsOn).toContain(addonId);
  });

  it('gives pods /28 prefixes and lets each node run nodeMaxPods (50) instead of the ENI limit of 17', () => {
    const addon = Object.values(
      template.findResources('AWS::EKS::Addon', { Properties: { AddonName: 'vpc-cni' } }),
    )[0];
    expect(JSON.parse(addon?.Properties.ConfigurationValues).env).toEqual({
      ENABLE_PREFIX_DELEGATION: 'true',
      WARM_PREFIX_TARGET: '1',
    });
    // The user data EKS merges into the node's own: MIME parts, one of them a nodeadm NodeConfig.
    const launchTemplate = Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0];
    const userData = Buffer.from(
      launchTemplate?.Properties.LaunchTemplateData.UserData['Fn::Base64'],
    ).toString('utf8');
    const boundary = /boundary="([^"]+)"/.exec(userData)?.[1];
    const parts = userData.split(`--${boundary}`).slice(1, -1);
    expect(parts).toHaveLength(1);
    const [headers, body] = (parts[0] ?? '').split('\n\n');
    expect(headers?.trim()).toBe('Content-Type: application/node.eks.aws');
    expect(parse(body ?? '')).toEqual({
      apiVersion: 'node.eks.aws/v1alpha1',
      kind: 'NodeConfig',
      spec: { kubelet: { config: { maxPods: 50 } } },
    });
  });

  it('makes an encrypted gp3 StorageClass the default, binding volumes where the pod lands', () => {
    const storageClass = manifests().find((m) => m.kind === 'StorageClass');
    expect(storageClass).toMatchObject({
      metadata: {
        name: 'gp3',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'ebs.csi.aws.com',
      volumeBindingMode: 'WaitForFirstConsumer',
      parameters: { type: 'gp3', encrypted: 'true' },
    });
  });

  it('installs metrics-server from its chart, pinned', () => {
    const chart = helmChart('metrics-server');
    expect(chart.Version).toBe('3.13.0');
    expect(chart.Repository).toBe('https://kubernetes-sigs.github.io/metrics-server/');
    expect(chart.Namespace).toBe('kube-system');
  });

  it('installs Argo CD from the chart pinned in argocd/install/chart.json with values.yaml', () => {
    const chart = helmChart(chartJson.chart);
    expect(chart).toMatchObject({
      Repository: chartJson.repository,
      Version: chartJson.version,
      Namespace: chartJson.namespace,
      Release: 'argocd',
      CreateNamespace: true,
    });
    expect(chartJson.version).toMatch(/^\d+\.\d+\.\d+$/);
    const values = parse(readFileSync(join(REPO_ROOT, 'argocd/install/values.yaml'), 'utf8'));
    expect(JSON.parse(chart.Values as string)).toEqual(values);
  });

  it('bootstraps Argo CD from the repoUrl in context, not the upstream repository', () => {
    const root = manifests().find((m) => m.kind === 'Application') as {
      metadata: { name: string; namespace: string };
      spec: { source: { repoURL: string; path: string } };
    };
    expect(root.spec.source.repoURL).toBe(FORK_URL);
    expect(root.spec.source.path).toBe('argocd/apps');
    expect(root.metadata.namespace).toBe(chartJson.namespace);
    const project = manifests().find((m) => m.kind === 'AppProject') as {
      spec: { sourceRepos: string[] };
    };
    expect(project.spec.sourceRepos).toEqual([FORK_URL]);
    expect(JSON.stringify(manifests())).not.toContain('github.com/gitops-lab/gitops-lab');
  });

  it('installs every chart after the nodes exist, and the bootstrap after Argo CD', () => {
    const charts = template.findResources('Custom::AWSCDK-EKS-HelmChart');
    const dependsOn = (chart: string) =>
      Object.values(charts).find((resource) => resource.Properties.Chart === chart)?.DependsOn;
    for (const chart of ['aws-load-balancer-controller', 'metrics-server', chartJson.chart]) {
      expect(dependsOn(chart)).toContainEqual(expect.stringMatching(/^ClusterNodegroupNodes/));
    }
    const argoCdId = Object.entries(charts).find(
      ([, r]) => r.Properties.Chart === chartJson.chart,
    )?.[0];
    const bootstrap = Object.values(
      template.findResources('Custom::AWSCDK-EKS-KubernetesResource'),
    ).find((resource) => String(resource.Properties.Manifest).includes('"kind":"AppProject"'));
    expect(bootstrap?.DependsOn).toContain(argoCdId);
  });

  it('gives the deploying principal cluster admin, mapping an SSO session to its role', () => {
    template.hasResourceProperties('AWS::EKS::AccessEntry', {
      PrincipalArn: 'arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123abcd',
      AccessPolicies: [
        Match.objectLike({
          AccessScope: { Type: 'cluster' },
          PolicyArn: Match.objectLike({
            'Fn::Join': [
              '',
              Match.arrayWith([':eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy']),
            ],
          }),
        }),
      ],
    });
  });

  it('outputs the kubeconfig command and how to reach Argo CD and read its password', () => {
    template.hasOutput('UpdateKubeconfigCommand', {
      Value: 'aws eks update-kubeconfig --region ap-northeast-2 --name gitops-lab',
    });
    template.hasOutput('ArgoCdUrl', { Value: 'http://localhost:8080' });
    template.hasOutput('ArgoCdPortForwardCommand', {
      Value: 'kubectl -n argocd port-forward svc/argocd-server 8080:80',
    });
    template.hasOutput('ArgoCdInitialPasswordCommand', {
      Value: Match.stringLikeRegexp('argocd-initial-admin-secret'),
    });
  });
});
