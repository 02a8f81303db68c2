// The models' validate() checks types, enums and required fields but accepts unknown fields
// (a misspelt `selfheal: true` would pass and silently do nothing). This check compiles each
// object as a TypeScript object literal typed with the same models' interfaces: TypeScript's
// excess-property check then reports every field the CRD schema does not define, at any depth.
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { ARGOCD_DIR } from './repo';

const MODEL_TYPES: Record<string, string> = {
  Application: 'IApplication',
  ApplicationSet: 'IApplicationSet',
  AppProject: 'IAppProject',
};

export interface ObjectToCheck {
  readonly where: string;
  readonly object: { kind: string };
}

/** One message per unknown field (or type mismatch) found, naming the object it is in. */
export function unknownFieldProblems(objects: readonly ObjectToCheck[]): string[] {
  // A virtual file inside the workspace, so the models resolve from its node_modules.
  const fileName = join(ARGOCD_DIR, 'test', 'support', '__argocd_objects__.ts');
  const lines: string[] = [];
  const startLines: number[] = [];
  for (const [i, { object }] of objects.entries()) {
    const type = MODEL_TYPES[object.kind];
    if (!type) throw new Error(`no model for kind ${object.kind}`);
    lines.push(
      `import type { ${type} as T${i} } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/${object.kind}';`,
    );
  }
  for (const [i, { object }] of objects.entries()) {
    startLines.push(lines.length);
    lines.push(`export const o${i}: T${i} = ${JSON.stringify(object, null, 2)};`);
  }
  const source = lines.join('\n');

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (path) => path === fileName || ts.sys.fileExists(path);
  host.readFile = (path) => (path === fileName ? source : readFile(path));
  host.getSourceFile = (path, language, onError, shouldCreate) =>
    path === fileName
      ? ts.createSourceFile(path, source, language)
      : getSourceFile(path, language, onError, shouldCreate);
  const program = ts.createProgram({ rootNames: [fileName], options, host });
  const sourceFile = program.getSourceFile(fileName);
  if (!sourceFile) throw new Error(`${dirname(fileName)}: the virtual file did not load`);

  return ts.getPreEmitDiagnostics(program, sourceFile).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n')[0];
    if (diagnostic.start === undefined) return message ?? '';
    const { line } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start);
    const index = startLines.findLastIndex((start) => start <= line);
    const text = sourceFile.text.split('\n')[line]?.trim() ?? '';
    return `${objects[index]?.where ?? '?'}: ${message} (at ${text})`;
  });
}
