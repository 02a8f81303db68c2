// Week 4: the EKS platform under the GitOps loop. One VPC, one cluster with a managed node
// group, the add-ons an Ingress/PVC-using app needs (ALB controller, EBS CSI + gp3,
// metrics-server, the VPC CNI enforcing NetworkPolicies), and Argo CD with the bootstrap
// Application pointing at the fork.
import { KubectlV35Layer } from '@aws-cdk/lambda-layer-kubectl-v35';
import {
  Annotations,
  CfnJson,
  CfnOutput,
  Duration,
  aws_ec2 as ec2,
  aws_eks_v2 as eks,
  aws_eks as eksL1,
  Fn,
  aws_iam as iam,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ARGOCD_RELEASE, type ArgoCdInstall } from './argocd-install';
import type { LabConfig } from './config';
import { createLabVpc } from './lab-vpc';
import type { LabNetwork } from './network';
import { toIamPrincipalArn } from './principal-arn';

export interface EksStackProps extends StackProps {
  readonly config: LabConfig;
  /** infra/network.json: the VPC range and the public (ALB) subnets. */
  readonly network: LabNetwork;
  readonly argoCd: ArgoCdInstall;
  /** The AppProject and root Application from argocd/bootstrap/, repoURL already set. */
  readonly bootstrap: readonly Record<string, unknown>[];
}

/** The service account the EBS CSI add-on creates; its IRSA trust names it exactly. */
const EBS_CSI_SERVICE_ACCOUNT = 'system:serviceaccount:kube-system:ebs-csi-controller-sa';

export class EksStack extends Stack {
  readonly cluster: eks.Cluster;

  constructor(scope: Construct, id: string, props: EksStackProps) {
    super(scope, id, props);
    const { config, argoCd } = props;

    const vpc = createLabVpc(this, 'Vpc', {
      network: props.network,
      availabilityZones: config.availabilityZones,
      natGateways: config.natGateways,
    });

    // With private access on, the kubectl Lambda runs in the private subnets, so limiting the
    // public endpoint to a few CIDRs does not lock the stack itself out.
    const endpointAccess =
      config.eksPublicAccessCidrs.length > 0
        ? eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...config.eksPublicAccessCidrs)
        : eks.EndpointAccess.PUBLIC_AND_PRIVATE;
    if (config.eksPublicAccessCidrs.length === 0) {
      Annotations.of(this).addWarningV2(
        'gitops-lab:eks-endpoint-open-to-internet',
        'eksPublicAccessCidrs is empty: the EKS API endpoint accepts connections from the whole internet (IAM still authenticates every call). Limit it to your address: -c eksPublicAccessCidrs="$(curl -s https://checkip.amazonaws.com)/32".',
      );
    }

    this.cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: config.clusterName,
      version: eks.KubernetesVersion.of(config.kubernetesVersion),
      vpc,
      vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
      endpointAccess,
      // No Auto Mode: a managed node group the course can see, size and pay for explicitly.
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      // The kubectl/helm Lambda applies the charts and manifests below.
      kubectlProviderOptions: { kubectlLayer: new KubectlV35Layer(this, 'KubectlLayer') },
      albController: {
        version: albControllerVersion(config.albControllerVersion),
        // The chart's own default registry; the construct's default is a us-west-2 ECR path.
        repository: 'public.ecr.aws/eks/aws-load-balancer-controller',
      },
    });
    const cluster = this.cluster;

    const vpcCni = this.addVpcCni(cluster);

    const launchTemplate = nodeLaunchTemplate(this, config.nodeDiskGiB, config.nodeMaxPods);
    const nodes = cluster.addNodegroupCapacity('Nodes', {
      nodegroupName: `${config.clusterName}-nodes`,
      instanceTypes: [new ec2.InstanceType(config.nodeInstanceType)],
      amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
      desiredSize: config.nodeDesiredSize,
      minSize: config.nodeMinSize,
      maxSize: config.nodeMaxSize,
      launchTemplateSpec: {
        id: launchTemplate.ref,
        version: launchTemplate.attrLatestVersionNumber,
      },
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    // The nodes start with the CNI already enforcing NetworkPolicies and handing out prefixes
    // (no restart of aws-node, no node with a mix of single addresses and prefixes).
    nodes.node.addDependency(vpcCni);
    // Helm waits for pods to be ready, so every chart needs the nodes first.
    if (cluster.albController) cluster.albController.node.addDependency(nodes);

    if (config.adminPrincipalArn !== '') {
      cluster.grantAccess('DeployerAdmin', toIamPrincipalArn(config.adminPrincipalArn), [
        eks.AccessPolicy.fromAccessPolicyName('AmazonEKSClusterAdminPolicy', {
          accessScopeType: eks.AccessScopeType.CLUSTER,
        }),
      ]);
    } else {
      Annotations.of(this).addWarningV2(
        'gitops-lab:no-admin-principal',
        'adminPrincipalArn is empty: only the CloudFormation execution role can use the cluster. Deploy with -c adminPrincipalArn="$(aws sts get-caller-identity --query Arn --output text)".',
      );
    }

    const storage = this.addEbsCsiDriver(cluster, nodes);

    const metricsServer = cluster.addHelmChart('MetricsServer', {
      chart: 'metrics-server',
      repository: 'https://kubernetes-sigs.github.io/metrics-server/',
      version: config.metricsServerChartVersion,
      release: 'metrics-server',
      namespace: 'kube-system',
    });
    metricsServer.node.addDependency(nodes);

    const argoCdChart = cluster.addHelmChart('ArgoCd', {
      chart: argoCd.chart.chart,
      repository: argoCd.chart.repository,
      version: argoCd.chart.version,
      release: ARGOCD_RELEASE,
      namespace: argoCd.chart.namespace,
      createNamespace: true,
      values: argoCd.values,
      wait: true,
      timeout: Duration.minutes(15),
    });
    argoCdChart.node.addDependency(nodes);
    // Ingresses synced by Argo CD need the ALB controller's webhook to be up.
    if (cluster.albController) argoCdChart.node.addDependency(cluster.albController);

    const bootstrap = cluster.addManifest('ArgoCdBootstrap', ...props.bootstrap);
    bootstrap.node.addDependency(argoCdChart);
    bootstrap.node.addDependency(storage);
    bootstrap.node.addDependency(metricsServer);

    const region = Stack.of(this).region;
    new CfnOutput(this, 'ClusterName', { value: cluster.clusterName });
    new CfnOutput(this, 'UpdateKubeconfigCommand', {
      description: 'Run this to point kubectl at the new cluster',
      value: `aws eks update-kubeconfig --region ${region} --name ${config.clusterName}`,
    });
    // argocd/install/values.yaml serves plain HTTP on the Service's port 80 (server.insecure).
    new CfnOutput(this, 'ArgoCdUrl', {
      description: 'Open after running ArgoCdPortForwardCommand',
      value: 'http://localhost:8080',
    });
    new CfnOutput(this, 'ArgoCdPortForwardCommand', {
      value: `kubectl -n ${argoCd.chart.namespace} port-forward svc/${ARGOCD_RELEASE}-server 8080:80`,
    });
    new CfnOutput(this, 'ArgoCdInitialPasswordCommand', {
      description: 'User admin; change the password, then delete the secret',
      value: `kubectl -n ${argoCd.chart.namespace} get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d`,
    });
  }

  /**
   * The Amazon VPC CNI as a managed EKS add-on, with its network policy agent on and prefix
   * delegation. The cluster comes with the CNI installed but NetworkPolicies off: without this,
   * the default-deny policies the manifests render for each namespace would be stored and never
   * enforced. With prefix delegation each ENI slot holds a /28 (16 addresses) instead of one, so
   * a t3.medium is no longer limited to 17 pods by its 3 ENIs x 5 secondary addresses; the
   * node's maxPods (nodeLaunchTemplate) is the limit instead.
   */
  private addVpcCni(cluster: eks.Cluster): eks.Addon {
    const addon = new eks.Addon(this, 'VpcCni', {
      cluster,
      addonName: 'vpc-cni',
      configurationValues: {
        enableNetworkPolicy: 'true',
        env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' },
      },
    });
    // EKS installed a self-managed vpc-cni with the cluster; the managed add-on takes it over.
    (addon.node.defaultChild as eks.CfnAddon).resolveConflicts = 'OVERWRITE';
    return addon;
  }

  /**
   * The EBS CSI driver as an EKS add-on whose controller assumes an IAM role through the
   * cluster's OIDC provider (IRSA), plus an encrypted gp3 StorageClass made the default.
   */
  private addEbsCsiDriver(cluster: eks.Cluster, nodes: eks.Nodegroup): Construct {
    const issuer = cluster.openIdConnectProvider.openIdConnectProviderIssuer;
    const trust = new CfnJson(this, 'EbsCsiTrustConditions', {
      value: {
        [`${issuer}:aud`]: 'sts.amazonaws.com',
        [`${issuer}:sub`]: EBS_CSI_SERVICE_ACCOUNT,
      },
    });
    const role = new iam.Role(this, 'EbsCsiDriverRole', {
      assumedBy: new iam.OpenIdConnectPrincipal(cluster.openIdConnectProvider).withConditions({
        StringEquals: trust,
      }),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEBSCSIDriverPolicy'),
      ],
    });
    const addon = new eksL1.CfnAddon(this, 'EbsCsiDriver', {
      clusterName: cluster.clusterName,
      addonName: 'aws-ebs-csi-driver',
      serviceAccountRoleArn: role.roleArn,
      resolveConflicts: 'OVERWRITE',
    });
    // The add-on only turns ACTIVE once its controller pods run, which needs nodes.
    addon.node.addDependency(nodes);
    const storageClass = cluster.addManifest('Gp3StorageClass', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: 'gp3',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'ebs.csi.aws.com',
      // Create the volume in the zone the pod is scheduled to, not a random one.
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: 'Delete',
      parameters: { type: 'gp3', encrypted: 'true', fsType: 'ext4' },
    });
    storageClass.node.addDependency(addon);
    return storageClass;
  }
}

/**
 * The nodes' launch template:
 * - IMDSv2 only, with a hop limit of 1, so a pod (one network hop away, in its own namespace)
 *   cannot get a metadata token and with it the node role's credentials; host-network pods
 *   (aws-node, kube-proxy) still can. Nothing else needs IMDS: the ALB controller gets its region
 *   and VPC from the chart values and its credentials through IRSA, and the EBS CSI driver uses
 *   IRSA and falls back to the Node objects for its metadata.
 * - the disk, because EKS refuses a node group disk size next to a launch template;
 * - the kubelet's maxPods, as a NodeConfig that the node's nodeadm (Amazon Linux 2023) merges
 *   with the one EKS writes. Without it nodeadm derives maxPods from the ENI limits (17 on a
 *   t3.medium), which prefix delegation no longer bounds. nodeadm reserves 11 MiB of memory per
 *   pod slot for the kubelet, so the value is a trade between pod count and allocatable memory.
 */
function nodeLaunchTemplate(
  scope: Construct,
  diskGiB: number,
  maxPods: number,
): ec2.CfnLaunchTemplate {
  return new ec2.CfnLaunchTemplate(scope, 'NodeLaunchTemplate', {
    launchTemplateData: {
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: 1,
      },
      blockDeviceMappings: [
        {
          // The root device of the EKS-optimized Amazon Linux 2023 AMI.
          deviceName: '/dev/xvda',
          ebs: {
            volumeSize: diskGiB,
            volumeType: 'gp3',
            encrypted: true,
            deleteOnTermination: true,
          },
        },
      ],
      userData: Fn.base64(nodeConfigUserData(maxPods)),
    },
  });
}

/** A MIME multi-part user data with one nodeadm NodeConfig part, the form EKS merges. */
export function nodeConfigUserData(maxPods: number): string {
  const boundary = 'GITOPS-LAB-NODECONFIG';
  return [
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: application/node.eks.aws',
    '',
    '---',
    'apiVersion: node.eks.aws/v1alpha1',
    'kind: NodeConfig',
    'spec:',
    '  kubelet:',
    '    config:',
    `      maxPods: ${maxPods}`,
    '',
    `--${boundary}--`,
    '',
  ].join('\n');
}

function albControllerVersion(version: string): eks.AlbControllerVersion {
  const key = `V${version.slice(1).replaceAll('.', '_')}`;
  const known = (eks.AlbControllerVersion as unknown as Record<string, unknown>)[key];
  if (!(known instanceof eks.AlbControllerVersion)) {
    throw new Error(
      `albControllerVersion ${version} is not one aws-cdk-lib ships an IAM policy for (see eks.AlbControllerVersion)`,
    );
  }
  return known;
}
