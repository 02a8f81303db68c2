import type { AlbConfig } from '../config/schema.js';

const PREFIX = 'alb.ingress.kubernetes.io';

/**
 * AWS Load Balancer Controller settings for the Ingress (names from the controller's
 * "Ingress annotations" reference). Values are strings, as annotations must be.
 */
export function albAnnotations(
  alb: AlbConfig,
  inboundCidrs: readonly string[] = [],
): Record<string, string> {
  const https = alb.certificateArn !== undefined;
  return {
    [`${PREFIX}/scheme`]: 'internet-facing',
    // Route straight to pod IPs (needs no NodePort, and enables pod readiness gates).
    [`${PREFIX}/target-type`]: 'ip',
    [`${PREFIX}/group.name`]: alb.groupName,
    [`${PREFIX}/healthcheck-path`]: '/readyz',
    [`${PREFIX}/success-codes`]: '200',
    [`${PREFIX}/healthcheck-interval-seconds`]: '10',
    [`${PREFIX}/healthcheck-timeout-seconds`]: '5',
    [`${PREFIX}/healthy-threshold-count`]: '2',
    [`${PREFIX}/unhealthy-threshold-count`]: '2',
    // The default is 300 s; pods drain well within 30 s (see drain.delaySeconds).
    [`${PREFIX}/target-group-attributes`]: 'deregistration_delay.timeout_seconds=30',
    [`${PREFIX}/listen-ports`]: https ? '[{"HTTP":80},{"HTTPS":443}]' : '[{"HTTP":80}]',
    // The ALB's security group admits only these sources; absent, it admits 0.0.0.0/0.
    ...(inboundCidrs.length > 0 ? { [`${PREFIX}/inbound-cidrs`]: inboundCidrs.join(',') } : {}),
    ...(https
      ? {
          [`${PREFIX}/certificate-arn`]: alb.certificateArn,
          [`${PREFIX}/ssl-redirect`]: '443',
        }
      : {}),
  };
}
