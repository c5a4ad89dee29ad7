// The spec builders ship in the JupyterLab extension's browser bundle: walk the import graph
// from the display entry and the specs entry and require that nothing reaches a Node built-in,
// tfjs, the SDK root or any package at run time (type-only imports are erased by tsc).

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const SRC = path.resolve(__dirname, '..', '..', 'sdk', 'src');

interface Edge {
  from: string;
  spec: string;
  typeOnly: boolean;
}

function importsOf(file: string): Edge[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const edges: Edge[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      edges.push({ from: file, spec: node.moduleSpecifier.text, typeOnly: allTypes });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      edges.push({ from: file, spec: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const arg = node.arguments[0];
      edges.push({ from: file, spec: arg && ts.isStringLiteral(arg) ? arg.text : '<dynamic>', typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

function resolveLocal(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  throw new Error(`${from}: cannot resolve ${spec}`);
}

/** Every run-time import reachable from `entry`, and the files visited. */
function runtimeGraph(entry: string): { files: string[]; external: Edge[] } {
  const seen = new Set<string>();
  const external: Edge[] = [];
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const e of importsOf(file)) {
      if (e.typeOnly) continue;
      if (e.spec.startsWith('.')) stack.push(resolveLocal(file, e.spec));
      else external.push(e);
    }
  }
  return { files: [...seen].map((f) => path.relative(SRC, f)).sort(), external };
}

test('the specs entry reaches only the payload and the specs themselves, and no package', () => {
  const { files, external } = runtimeGraph(path.join(SRC, 'display', 'specs', 'index.ts'));
  expect(external).toEqual([]);
  for (const f of files) expect(f === path.join('display', 'payload.ts') || f.startsWith(path.join('display', 'specs') + path.sep)).toBe(true);
  expect(files).toContain(path.join('display', 'specs', 'front.ts'));
});

test('the display entry (what @lossyml/sdk/display exposes) stays inside display/ and imports no package at run time', () => {
  const { files, external } = runtimeGraph(path.join(SRC, 'display', 'index.ts'));
  expect(external).toEqual([]);
  for (const f of files) expect(f.startsWith('display' + path.sep)).toBe(true);
  expect(files).not.toContain(path.join('display', 'svg.ts'));
});

test('the scan sees what it must refuse: svg.ts imports vega at run time', () => {
  const { external } = runtimeGraph(path.join(SRC, 'display', 'svg.ts'));
  expect(external.map((e) => e.spec).sort()).toEqual(['vega', 'vega-lite']);
});
