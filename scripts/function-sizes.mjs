#!/usr/bin/env node
// Prints the largest functions and files of a folder (default server/src), by lines:
// `node scripts/function-sizes.mjs [dir] [--max N]`. With --max, exits 1 when a function in
// server/src/http/ is longer than N lines (the pipeline's stages stay small).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';


/** Every function-like node of a file with its name and line count. */
export function functionSizes(path, source) {
  const sf = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
  const out = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.end).line;
      let name = node.name?.getText?.(sf);
      if (!name && ts.isVariableDeclaration(node.parent)) name = node.parent.name.getText(sf);
      if (!name && ts.isPropertyAssignment(node.parent)) name = node.parent.name.getText(sf);
      out.push({ path, name: name ?? '(anonymous)', line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

if (process.argv[1] && process.argv[1].endsWith('function-sizes.mjs')) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--max') ?? 'server/src';
  const max = args.includes('--max') ? Number(args[args.indexOf('--max') + 1]) : null;
  const files = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.ts')) files.push(p);
    }
  };
  walk(dir);
  const fns = [];
  const sizes = [];
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    sizes.push({ path: relative('.', f), lines: src.split('\n').length });
    fns.push(...functionSizes(relative('.', f), src));
  }
  fns.sort((a, b) => b.lines - a.lines);
  sizes.sort((a, b) => b.lines - a.lines);
  console.log('largest functions:');
  for (const f of fns.slice(0, 5)) console.log(`  ${f.lines} lines  ${f.path}:${f.line} ${f.name}`);
  console.log('largest files:');
  for (const f of sizes.slice(0, 5)) console.log(`  ${f.lines} lines  ${f.path}`);
  if (max !== null) {
    const over = fns.filter((f) => f.path.includes('server/src/http/') && f.lines > max);
    for (const f of over) console.log(`over ${max}: ${f.path}:${f.line} ${f.name} (${f.lines})`);
    process.exit(over.length ? 1 : 0);
  }
}
