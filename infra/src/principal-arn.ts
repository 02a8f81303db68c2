// EKS access entries take IAM ARNs, but `aws sts get-caller-identity` prints an STS
// assumed-role ARN for SSO and role sessions, so that form is mapped back to its role.
// The STS ARN does not carry the role's IAM path: for a role created under a path, pass
// the role's full ARN (`aws iam get-role --role-name NAME --query Role.Arn`) instead.
const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

export function toIamPrincipalArn(callerArn: string): string {
  const match = ASSUMED_ROLE.exec(callerArn);
  if (!match) return callerArn;
  const [, partition, account, roleName] = match;
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}
