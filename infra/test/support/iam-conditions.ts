// A small model of how IAM evaluates a trust policy's Condition block, enough to ask which
// GitHub tokens a synthesised trust policy admits: operators are ANDed, keys within an
// operator are ANDed, the values listed for one key are ORed. StringLike's `*` matches any run
// of characters and `?` any one character; both operators are case-sensitive.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html

type Condition = Record<string, Record<string, string | string[]>>;

function likePattern(pattern: string): RegExp {
  const parts = [...pattern].map((char) => {
    if (char === '*') return '.*';
    if (char === '?') return '.';
    return char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('')}$`);
}

const OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (pattern, value) => pattern === value,
  StringLike: (pattern, value) => likePattern(pattern).test(value),
};

/** True when a request carrying these claims satisfies every operator of the condition. */
export function conditionAllows(condition: Condition, claims: Record<string, string>): boolean {
  return Object.entries(condition).every(([operator, keys]) => {
    const matches = OPERATORS[operator];
    if (!matches) throw new Error(`the model does not know the ${operator} operator`);
    return Object.entries(keys).every(([key, patterns]) => {
      const value = claims[key];
      return value !== undefined && [patterns].flat().some((pattern) => matches(pattern, value));
    });
  });
}
