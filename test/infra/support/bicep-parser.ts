import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';
import { BicepFile } from './bicep-file.js';
import { readRepoFile } from './repo-files.js';

/** A syntax error tree-sitter recovered from: where, and what it saw. */
export interface BicepSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

let parser: Promise<Parser> | undefined;

/** The Bicep grammar shipped (as WASM) in `tree-sitter-bicep`, loaded once per test file. */
function bicepParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve(
      'tree-sitter-bicep/tree-sitter-bicep.wasm',
    );
    const instance = new Parser();
    instance.setLanguage(await Language.load(wasm));
    return instance;
  })();
  return parser;
}

/** Parses Bicep source text. */
export async function parseBicepSource(
  path: string,
  source: string,
): Promise<BicepFile> {
  const tree = (await bicepParser()).parse(source);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${path}`);
  return new BicepFile(path, tree.rootNode);
}

/** Parses a repository-relative `.bicep` file. */
export const parseBicep = (path: string): Promise<BicepFile> =>
  parseBicepSource(path, readRepoFile(path));

/** Every ERROR and MISSING node of a tree: zero means the file is syntactically valid Bicep. */
export function syntaxErrors(root: Node): BicepSyntaxError[] {
  const errors: BicepSyntaxError[] = [];
  const walk = (node: Node): void => {
    if (node.isError || node.isMissing) {
      errors.push({
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        message: node.isMissing
          ? `missing ${node.type}`
          : `unexpected ${JSON.stringify(node.text.slice(0, 40))}`,
      });
    }
    for (const child of node.children) if (child) walk(child);
  };
  walk(root);
  return errors;
}
