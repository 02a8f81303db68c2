import { Chart } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import type { Environment } from './config/load.js';
import { ApiAutoscaler } from './constructs/api-autoscaler.js';
import { ApiRollout, rolloutVersion } from './constructs/api-rollout.js';
import { apiEnv, frontendEnv } from './constructs/app-env.js';
import { EnvironmentNamespace } from './constructs/namespace.js';
import { NetworkPolicies } from './constructs/network-policies.js';
import { Postgres } from './constructs/postgres.js';
import { WebApp } from './constructs/web-app.js';
import { WebIngress } from './constructs/web-ingress.js';

/** Everything one environment runs: the guestbook (frontend, api, PostgreSQL) and its policies. */
export class GuestbookChart extends Chart {
  constructor(scope: Construct, id: string, environment: Environment) {
    // Object names are written out in every construct; no generated hashes.
    super(scope, id, { disableResourceNameHashes: true });

    new EnvironmentNamespace(this, 'namespace', environment);
    new NetworkPolicies(this, 'network-policies', environment);

    const { apiRollout } = environment.config;
    const api = new WebApp(this, 'api', {
      environment,
      app: 'api',
      env: {
        ...apiEnv(this, environment),
        ...(apiRollout && { APP_VERSION: EnvValue.fromValue(rolloutVersion(environment)) }),
      },
      deliveredByRollout: apiRollout !== undefined,
    });
    const rollout =
      apiRollout &&
      new ApiRollout(this, 'api-rollout', {
        environment,
        rollout: apiRollout,
        deployment: api.deployment,
      });
    const { autoscaling } = environment.config.apps.api;
    if (autoscaling) {
      new ApiAutoscaler(this, 'api-autoscaler', {
        environment,
        autoscaling,
        target: rollout ?? api.deployment,
      });
    }
    const frontend = new WebApp(this, 'frontend', {
      environment,
      app: 'frontend',
      env: frontendEnv(environment),
    });
    new WebIngress(this, 'ingress', { environment, frontend: frontend.service });
    new Postgres(this, 'postgres', environment);
  }
}
