#!/usr/bin/env node
// Builds notebooks/*.ipynb from notebooks/src/*.md, without outputs (CI executes them).
// A source is markdown; each ```ts fence is one code cell, the text between fences is one
// markdown cell, and a line `<!-- cell -->` splits markdown into two cells.
//   node notebooks/build.js           writes every notebook
//   node notebooks/build.js --check   exits 1 when a committed notebook differs from its source
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const SRC = path.join(__dirname, 'src');

const METADATA = {
  kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'tslab' },
  language_info: {
    codemirror_mode: { mode: 'typescript', name: 'javascript', typescript: true },
    file_extension: '.ts',
    mimetype: 'text/typescript',
    name: 'typescript',
  },
};

/** Splits a source into cells: [{type: 'markdown'|'code', text}]. */
function parseSource(text, file) {
  const cells = [];
  let md = [];
  let code = null;
  const flushMd = () => {
    const t = md.join('\n').trim();
    if (t) cells.push({ type: 'markdown', text: t });
    md = [];
  };
  text.split('\n').forEach((line, i) => {
    if (code !== null) {
      if (line.trim() === '```') {
        const t = code.join('\n').replace(/\s+$/, '');
        if (!t) throw new Error(`${file}:${i + 1}: empty code cell`);
        cells.push({ type: 'code', text: t });
        code = null;
      } else code.push(line);
    } else if (/^```ts\s*$/.test(line)) {
      flushMd();
      code = [];
    } else if (line.trim() === '<!-- cell -->') {
      flushMd();
    } else if (line.startsWith('```')) {
      // other fences (```sh ...) belong to the markdown
      md.push(line);
    } else md.push(line);
  });
  if (code !== null) throw new Error(`${file}: a \`\`\`ts fence is not closed`);
  flushMd();
  return cells;
}

/** Jupyter stores source as lines, each but the last ending in a newline. */
function sourceLines(text) {
  const lines = text.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? l + '\n' : l));
}

function notebook(name, cells) {
  return {
    cells: cells.map((c, i) => {
      const id = `${name}-${String(i).padStart(2, '0')}`.slice(-64);
      return c.type === 'markdown'
        ? { cell_type: 'markdown', id, metadata: {}, source: sourceLines(c.text) }
        : { cell_type: 'code', execution_count: null, id, metadata: {}, outputs: [], source: sourceLines(c.text) };
    }),
    metadata: METADATA,
    nbformat: 4,
    nbformat_minor: 5,
  };
}

function build(check) {
  const sources = fs.readdirSync(SRC).filter((f) => f.endsWith('.md')).sort();
  let stale = 0;
  for (const f of sources) {
    const name = f.replace(/\.md$/, '');
    const text = JSON.stringify(notebook(name, parseSource(fs.readFileSync(path.join(SRC, f), 'utf8'), f)), null, 1) + '\n';
    const out = path.join(__dirname, `${name}.ipynb`);
    const old = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : null;
    if (check) {
      if (old !== text) {
        console.error(`notebooks: ${name}.ipynb differs from src/${f}; run node notebooks/build.js`);
        stale++;
      }
    } else if (old !== text) {
      fs.writeFileSync(out + '.tmp', text);
      fs.renameSync(out + '.tmp', out);
      console.log(`notebooks: wrote ${name}.ipynb`);
    }
  }
  return { sources: sources.length, stale };
}

if (require.main === module) {
  const { stale } = build(process.argv.includes('--check'));
  process.exit(stale > 0 ? 1 : 0);
}

module.exports = { parseSource, notebook, build };
