import * as kplus from 'cdk8s-plus-28';

// cdk8s+ already makes every container run as non-root, with a read-only root filesystem, no
// privilege escalation and not privileged. Pod Security "restricted" (which the namespaces
// enforce) also needs a numeric user, every capability dropped and the RuntimeDefault seccomp
// profile; cdk8s+ 28 sets none of these by default, so they are given here.

export function podSecurity(uid: number): kplus.PodSecurityContextProps {
  return {
    user: uid,
    group: uid,
    fsGroup: uid,
    fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
  };
}

export function containerSecurity(uid: number): kplus.ContainerSecurityContextProps {
  return {
    user: uid,
    group: uid,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}
