#!/usr/bin/env node
// Lints Cypher queries with Neo4j's own language support (the parser and
// semantic checks of the Neo4j 5 / Cypher 25 language service).
//
// Input  (stdin):  {"NAME": "CYPHER QUERY", ...}
// Output (stdout): {"NAME": [{"severity": "error"|"warning"|"information"|"hint",
//                             "message": "...", "line": 1, "character": 1}, ...], ...}
// "line" and "character" are 1-based (where the diagnostic starts).
// Errors AND warnings (deprecations such as id() or `CALL { WITH x ... }`) are
// listed. Diagnostics that only say "Parameter $x is not defined." are dropped:
// our queries take their parameters at run time (isNotParamError).
// An empty list means the query is clean. Exit code: 0 on success (even when
// diagnostics were found), 2 on bad input.
//
// Usage: echo '{"q": "MATCH (n) RETURN n"}' | node tests/cypher_lint/lint.mjs
import { lintCypherQuery, isNotParamError } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function lintOne(query) {
  let diagnostics;
  try {
    ({ diagnostics } = lintCypherQuery(query, {}));
  } catch (err) {
    return [{ severity: 'error', message: `linter crashed: ${err && err.message}`, line: 1, character: 1 }];
  }
  return diagnostics.filter(isNotParamError).map((d) => ({
    severity: SEVERITY[d.severity] ?? String(d.severity),
    message: d.message,
    line: d.range.start.line + 1,
    character: d.range.start.character + 1,
  }));
}

const raw = await readStdin();
let input;
try {
  input = JSON.parse(raw);
} catch (err) {
  process.stderr.write(`lint.mjs: stdin is not JSON: ${err.message}\n`);
  process.exit(2);
}
if (input === null || typeof input !== 'object' || Array.isArray(input)) {
  process.stderr.write('lint.mjs: stdin must be a JSON object {"name": "cypher", ...}\n');
  process.exit(2);
}
const out = {};
for (const [name, query] of Object.entries(input)) {
  if (typeof query !== 'string') {
    process.stderr.write(`lint.mjs: value of ${JSON.stringify(name)} is not a string\n`);
    process.exit(2);
  }
  out[name] = lintOne(query);
}
process.stdout.write(JSON.stringify(out) + '\n');
