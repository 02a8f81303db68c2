// Rewrites the fork's identity in Argo CD YAML: every github.com URL of the repository
// (repoURL, sourceRepos, links), every ghcr.io image of it, and the Pull Request generator's
// owner/repo. Only the repository the files currently point at is replaced, never other URLs,
// and the rest of each file (comments, quoting, order) is kept byte for byte.
import { isScalar, parseAllDocuments, visit } from 'yaml';
import { type ForkIdentity, parseGitHubRemote } from './fork-identity.js';

export interface RepositoryName {
  readonly owner: string;
  readonly repo: string;
}

// lineWidth 0: never fold long strings, so an untouched line stays untouched.
const TO_STRING = { lineWidth: 0 } as const;

function parseDocuments(text: string, file: string) {
  const documents = parseAllDocuments(text);
  for (const document of documents) {
    const [error] = document.errors;
    if (error) throw new Error(`${file}: ${error.message}`);
  }
  return documents;
}

/**
 * The GitHub repositories that the `repoURL` fields of one YAML file point at. Other sources
 * (a Helm repository, say) are not the fork's identity and are left alone.
 */
export function repoUrlTargets(text: string, file: string): RepositoryName[] {
  const found: RepositoryName[] = [];
  for (const document of parseDocuments(text, file)) {
    visit(document, {
      Pair(_, pair) {
        if (isScalar(pair.key) && pair.key.value === 'repoURL' && isScalar(pair.value)) {
          const parsed = parseGitHubRemote(String(pair.value.value));
          if (parsed) found.push(parsed);
        }
      },
    });
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function replaceInString(value: string, from: RepositoryName, to: ForkIdentity): string {
  const name = `${escapeRegExp(from.owner)}/${escapeRegExp(from.repo)}`;
  const newName = `${to.owner}/${to.repo}`.toLowerCase();
  return value
    .replace(new RegExp(`(github\\.com[/:])${name}(?=\\.git|/|$)`, 'gi'), `$1${newName}`)
    .replace(new RegExp(`\\bghcr\\.io/${name}/`, 'gi'), `ghcr.io/${newName}/`);
}

const sameName = (a: unknown, b: string) =>
  typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/** Returns the file's text with `from` replaced by the fork `to`; unchanged text when nothing matched. */
export function rewriteArgoCdYaml(
  text: string,
  file: string,
  from: RepositoryName,
  to: ForkIdentity,
): string {
  const documents = parseDocuments(text, file);
  let changed = false;
  const set = (node: { value: unknown }, value: string) => {
    if (node.value !== value) {
      node.value = value;
      changed = true;
    }
  };
  for (const document of documents) {
    visit(document, {
      Scalar(_, node) {
        if (typeof node.value === 'string') set(node, replaceInString(node.value, from, to));
      },
      Map(_, map) {
        // The Pull Request generator names the repository by owner and repo, not by URL.
        const owner = map.get('owner', true);
        const repo = map.get('repo', true);
        if (
          isScalar(owner) &&
          isScalar(repo) &&
          sameName(owner.value, from.owner) &&
          sameName(repo.value, from.repo)
        ) {
          set(owner, to.owner.toLowerCase());
          set(repo, to.repo.toLowerCase());
        }
      },
    });
  }
  return changed ? documents.map((document) => document.toString(TO_STRING)).join('') : text;
}
