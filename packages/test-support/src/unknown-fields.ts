// The kubernetes-models packages validate types, enums and required fields, but the Kubernetes
// OpenAPI and CRD schemas allow unknown properties, so a misspelt field (`readinesProbe`,
// `selfheal`) passes and silently does nothing. This check walks each object against the
// TypeScript interfaces those packages generate from the same schemas and reports every
// property the interface does not declare, at any depth, with its path.
import { join } from 'node:path';
import ts from 'typescript';

export interface KubeObjectShape {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string };
}

export interface UnknownFieldCheckerOptions {
  /** The models package for an object, e.g. `kubernetes-models` or `@kubernetes-models/argo-cd`. */
  modelsPackage: (object: KubeObjectShape) => string;
  /** A folder the models packages resolve from: the consuming workspace. */
  resolveFrom: string;
}

const aliasFor = (object: KubeObjectShape) =>
  `${object.apiVersion}/${object.kind}`.replace(/[^A-Za-z0-9]/g, '_');

/**
 * Loads the interfaces (`I<kind>` of `<package>/<apiVersion>/<kind>`) of every kind in `objects`
 * once, and returns the check: every field of an object its kind's schema does not declare.
 */
export function createUnknownFieldChecker(
  objects: readonly KubeObjectShape[],
  { modelsPackage, resolveFrom }: UnknownFieldCheckerOptions,
): (object: KubeObjectShape) => string[] {
  const rootFile = join(resolveFrom, '__kubernetes_models_roots__.ts');
  const kinds = new Map(objects.map((object) => [aliasFor(object), object]));
  const source = [...kinds.entries()]
    .map(
      ([alias, object]) =>
        `import type { I${object.kind} as ${alias}_T } from '${modelsPackage(object)}/${object.apiVersion}/${object.kind}';\nexport type ${alias} = ${alias}_T;`,
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
    fileName === rootFile
      ? ts.createSourceFile(fileName, source, languageVersion)
      : getSourceFile(fileName, languageVersion, ...rest);
  host.fileExists = (fileName) => fileName === rootFile || fileExists(fileName);
  const program = ts.createProgram([rootFile], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, host));
  const checker = program.getTypeChecker();
  const root = program.getSourceFile(rootFile);
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
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) return;
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
    // `{}` (a schema's free-form object, e.g. Helm's valuesObject) declares nothing and takes
    // anything, as TypeScript's own excess-property check treats it.
    if (!indexType && objectType.getProperties().length === 0) return;
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

  return function unknownFields(object) {
    const rootType = rootTypes.get(aliasFor(object));
    if (!rootType) throw new Error(`no schema loaded for ${object.apiVersion} ${object.kind}`);
    const problems: string[] = [];
    walk(object, rootType, `${object.kind}/${object.metadata?.name ?? '?'}`, problems);
    return problems;
  };
}
