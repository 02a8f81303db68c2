// The CDK app (cdk.json "app"): three independent stacks, deployed one at a time by name.
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { readArgoCdInstall } from './argocd-install';
import { readBootstrapManifests } from './bootstrap-application';
import { CiStack } from './ci-stack';
import { ConfigError, readLabConfig } from './config';
import { EksStack } from './eks-stack';
import { KubeadmLabStack, readNodeSetupScript } from './kubeadm-lab-stack';
import { labEnv } from './lab-env';
import { readLabNetwork } from './network';
import { repoRoot } from './repo-paths';

function main(): void {
  const app = new App();
  const config = readLabConfig(app.node);
  const env = labEnv(config);
  const root = repoRoot();

  new EksStack(app, 'GitopsLabEks', {
    env,
    config,
    network: readLabNetwork(root),
    argoCd: readArgoCdInstall(root),
    bootstrap: readBootstrapManifests(root, config.repoUrl),
  });
  new CiStack(app, 'GitopsLabCi', { env, config });
  new KubeadmLabStack(app, 'GitopsLabKubeadm', {
    env,
    config,
    nodeSetupScript: readNodeSetupScript(join(root, 'infra')),
  });
  app.synth();
}

try {
  main();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
