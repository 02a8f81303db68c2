import { join } from 'node:path';
import ts from 'typescript';
import type { KubeObject } from '../../src/render/render-environment';

// kubernetes-models validates types, enums and required fields, but Kubernetes' OpenAPI schema
// allows unknown properties, so a misspelt field (`readinesProbe`) passes. This check walks each
// object against the TypeScript interfaces kubernetes-models generates from the same OpenAPI
// schema and reports every property the interface does not declare.

const ROOT_FILE = join(__dirname, '__kubernetes_models_roots__.ts');

function moduleFor(object: Pick<KubeObject, 'apiVersion' | 'kind'>): string {
  // Argo Rollouts' kinds (Rollout, AnalysisTemplate) come from their CRD schemas' models.
  const models = object.apiVersion.startsWith('argoproj.io/')
    ? '@kubernetes-models/argo-rollouts'
    : 'kubernetes-models';
  return `${models}/${object.apiVersion}/${object.kind}`;
}

function aliasFor(object: Pick<KubeObject, 'apiVersion' | 'kind'>): string {
  return `${object.apiVersion}/${object.kind}`.replace(/[^A-Za-z0-9]/g, '_');
}

/** Builds a checker over the kubernetes-models interfaces of the given kinds. */
export function createUnknownFieldChecker(objects: readonly KubeObject[]) {
  const kinds = new Map(objects.map((object) => [aliasFor(object), object]));
  const source = [...kinds.entries()]
    .map(
      ([alias, object]) =>
        `import type { I${object.kind} as ${alias}_T } from '${moduleFor(object)}';\nexport type ${alias} = ${alias}_T;`,
    )
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName === ROOT_FILE
      ? ts.createSourceFile(fileName, source, languageVersion)
      : getSourceFile(fileName, languageVersion, ...rest);
  host.fileExists = (fileName) => fileName === ROOT_FILE || fileExists(fileName);
  const program = ts.createProgram([ROOT_FILE], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    throw new Error(ts.formatDiagnostics(diagnostics, host));
  }
  const checker = program.getTypeChecker();
  const root = program.getSourceFile(ROOT_FILE);
  const moduleSymbol = root && checker.getSymbolAtLocation(root);
  const exported = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
  const rootTypes = new Map(
    exported.map((symbol) => [symbol.name, checker.getDeclaredTypeOfSymbol(symbol)]),
  );

  function objectMember(type: ts.Type): ts.Type | undefined {
    const candidates = type.isUnion() ? type.types : [type];
    return candidates.find(
      (candidate) => candidate.flags & ts.TypeFlags.Object && !checker.isArrayType(candidate),
    );
  }

  function walk(value: unknown, declared: ts.Type, path: string, problems: string[]): void {
    if (value === null || typeof value !== 'object') return;
    const type = checker.getNonNullableType(declared);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    if (Array.isArray(value)) {
      const arrayType = (type.isUnion() ? type.types : [type]).find((t) => checker.isArrayType(t));
      const element = arrayType && checker.getTypeArguments(arrayType as ts.TypeReference)[0];
      if (!element) {
        problems.push(`${path}: a list where the schema has none`);
        return;
      }
      for (const [index, item] of value.entries())
        walk(item, element, `${path}[${index}]`, problems);
      return;
    }
    const objectType = objectMember(type);
    if (!objectType) {
      problems.push(`${path}: an object where the schema has none`);
      return;
    }
    const indexType = checker.getIndexTypeOfType(objectType, ts.IndexKind.String);
    for (const [key, child] of Object.entries(value)) {
      const property = objectType.getProperty(key);
      if (property) {
        walk(child, checker.getTypeOfSymbol(property), `${path}.${key}`, problems);
      } else if (indexType) {
        walk(child, indexType, `${path}.${key}`, problems);
      } else {
        problems.push(`${path}.${key}: unknown field`);
      }
    }
  }

  /** Every field of `object` that its kind's schema does not declare. */
  return function unknownFields(object: KubeObject): string[] {
    const rootType = rootTypes.get(aliasFor(object));
    if (!rootType) throw new Error(`no schema loaded for ${object.apiVersion} ${object.kind}`);
    const problems: string[] = [];
    walk(object, rootType, `${object.kind}/${object.metadata.name}`, problems);
    return problems;
  };
}
