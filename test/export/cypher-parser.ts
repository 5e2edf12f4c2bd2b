/**
 * Neo4j's own Cypher grammar (the ANTLR parser inside @neo4j-cypher/language-support, which the
 * Neo4j language server and cypher-shell tooling use) as a syntax check for the Cypher export.
 * The parser is driven directly: the package's lint adds semantic analysis that takes seconds.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// The package's ESM build has extensionless imports Node cannot load; its CommonJS build works.
const support = require.resolve('@neo4j-cypher/language-support');
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS parser classes
const cypher = require(support) as any;
// biome-ignore lint/suspicious/noExplicitAny: the antlr4 runtime the grammar was generated for
const antlr4 = createRequire(support)('antlr4') as any;

export interface CypherParse {
  errors: string[];
  statements: number;
  /** Every string literal token, as written (quotes and escapes included). */
  stringLiterals: string[];
}

export function parseCypher(text: string): CypherParse {
  const errors: string[] = [];
  const listener = {
    syntaxError: (_r: unknown, _s: unknown, line: number, col: number, msg: string) =>
      errors.push(`${line}:${col} ${msg}`),
    reportAmbiguity() {},
    reportAttemptingFullContext() {},
    reportContextSensitivity() {},
  };
  const lexer = new cypher.CypherLexer(new antlr4.CharStream(text));
  const tokens = new antlr4.CommonTokenStream(lexer);
  const parser = new cypher.CypherParser(tokens);
  for (const x of [lexer, parser]) {
    x.removeErrorListeners();
    x.addErrorListener(listener);
  }
  const tree = parser.statementsOrCommands();
  // STRING_LITERAL1 is '...', STRING_LITERAL2 is "..." (CypherLexer.g4)
  const literalTypes = new Set<number>([
    cypher.CypherLexer.STRING_LITERAL1,
    cypher.CypherLexer.STRING_LITERAL2,
  ]);
  const stringLiterals = (tokens.tokens as Array<{ type: number; text: string }>)
    .filter((t) => literalTypes.has(t.type))
    .map((t) => t.text);
  return { errors, statements: tree.statementOrCommand_list().length, stringLiterals };
}
