#!/usr/bin/env bash
# Tears the EKS lab down in the only order that works, then stops the bill:
#   1. Argo CD stops creating things: the root app, then every ApplicationSet and Application
#      (their finalizers delete what they deployed)
#   2. every Ingress and LoadBalancer Service, so the AWS Load Balancer Controller deletes the
#      ALBs/NLBs and their security groups; then wait until no load balancer of this cluster
#      is left (they are not in CloudFormation and would block the VPC delete)
#   3. every PersistentVolumeClaim, so the EBS CSI driver deletes the volumes (billed per GB
#      even after the cluster is gone)
#   4. cdk destroy GitopsLabEks (and, with --all, GitopsLabCi and GitopsLabKubeadm)
#
# Usage: infra/scripts/teardown-eks.sh [--yes] [--all]
# Environment: CLUSTER_NAME and AWS_REGION (default: clusterName and region in infra/cdk.json),
# WAIT_SECONDS (default 600) for each wait, POLL_SECONDS (default 10) between checks.
# Needs: aws (v2), kubectl, node/npx. Uses a throw-away kubeconfig, not your ~/.kube/config.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
infra="$(cd "${here}/.." && pwd)"

assume_yes=false
stacks=(GitopsLabEks)
for arg in "$@"; do
  case "${arg}" in
    --yes) assume_yes=true ;;
    --all) stacks=(GitopsLabEks GitopsLabCi GitopsLabKubeadm) ;;
    *)
      echo "usage: $0 [--yes] [--all]" >&2
      exit 2
      ;;
  esac
done

context_value() {
  node -p "require(process.argv[1]).context[process.argv[2]]" "${infra}/cdk.json" "$1"
}
cluster="${CLUSTER_NAME:-$(context_value clusterName)}"
region="${AWS_REGION:-$(context_value region)}"
wait_seconds="${WAIT_SECONDS:-600}"
poll_seconds="${POLL_SECONDS:-10}"

log() { echo "[teardown] $*"; }

if [[ "${assume_yes}" != true ]]; then
  read -r -p "Delete everything in EKS cluster ${cluster} (${region}) and destroy ${stacks[*]}? [y/N] " answer
  [[ "${answer}" == y || "${answer}" == Y ]] || exit 1
fi

kubeconfig="$(mktemp)"
trap 'rm -f "${kubeconfig}"' EXIT
export KUBECONFIG="${kubeconfig}"

# Waits until the command prints nothing, or fails after wait_seconds.
wait_until_empty() {
  local what="$1"
  shift
  local deadline=$((SECONDS + wait_seconds))
  while :; do
    local left
    left="$("$@")"
    if [[ -z "${left}" ]]; then
      log "${what}: none left"
      return 0
    fi
    if ((SECONDS >= deadline)); then
      echo "[teardown] timed out waiting for ${what} to go:" >&2
      echo "${left}" >&2
      return 1
    fi
    log "waiting for ${what}: $(echo "${left}" | wc -w) left"
    sleep "${poll_seconds}"
  done
}

cluster_load_balancers() {
  aws resourcegroupstaggingapi get-resources --region "${region}" \
    --resource-type-filters elasticloadbalancing:loadbalancer \
    --tag-filters "Key=elbv2.k8s.aws/cluster,Values=${cluster}" \
    --query 'ResourceTagMappingList[].ResourceARN' --output text
}

ebs_volumes() {
  kubectl get pv -o jsonpath='{range .items[?(@.spec.csi.driver=="ebs.csi.aws.com")]}{.metadata.name}{"\n"}{end}'
}

if aws eks describe-cluster --region "${region}" --name "${cluster}" >/dev/null 2>&1; then
  aws eks update-kubeconfig --region "${region}" --name "${cluster}" --kubeconfig "${kubeconfig}" >/dev/null

  if kubectl get crd applications.argoproj.io >/dev/null 2>&1; then
    log "1. Argo CD: root app, ApplicationSets, Applications"
    # The root app first: with self-heal on it would recreate what is deleted below.
    kubectl delete applications.argoproj.io -n argocd gitops-lab-root \
      --ignore-not-found --wait=true --timeout="${wait_seconds}s"
    kubectl delete applicationsets.argoproj.io --all -A --wait=true --timeout="${wait_seconds}s"
    kubectl delete applications.argoproj.io --all -A --wait=true --timeout="${wait_seconds}s"
  fi

  log "2. Ingresses and LoadBalancer Services"
  kubectl delete ingress --all -A --wait=true --timeout="${wait_seconds}s"
  kubectl get services -A -o jsonpath='{range .items[?(@.spec.type=="LoadBalancer")]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}' |
    while read -r namespace name; do
      [[ -n "${name}" ]] && kubectl delete service -n "${namespace}" "${name}" --wait=true --timeout="${wait_seconds}s"
    done
  wait_until_empty "load balancers of ${cluster}" cluster_load_balancers

  log "3. PersistentVolumeClaims (EBS volumes)"
  kubectl delete pvc --all -A --wait=true --timeout="${wait_seconds}s"
  wait_until_empty "EBS persistent volumes" ebs_volumes
else
  log "cluster ${cluster} not found in ${region}: nothing to clean inside it"
fi

log "4. cdk destroy ${stacks[*]}"
cd "${infra}"
CDK_DISABLE_CLI_TELEMETRY=true npx cdk destroy "${stacks[@]}" --force --no-notices
log "done. Check for leftovers: docs/en/aws-cost.md"
