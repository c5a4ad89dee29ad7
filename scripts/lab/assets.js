// Writes what the JupyterLab front end needs besides its bundle, into build/: each plugin's
// settings schemas (schemas/<package>/, with package.json.orig as jupyterlab_server reads it),
// the light and dark themes (themes/<package>/index.css), and imports.js, the list of plugin
// packages and their styles that index.js loads. @jupyterlab/builder's ensureAssets does this
// for JupyterLab's own example app; it pulls webpack 5, which this rspack build does not need.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;

function packageDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`, { paths: [here] }));
}

function copySchemas(name, dir, out) {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const schemaDir = meta.jupyterlab && meta.jupyterlab.schemaDir;
  if (!schemaDir) return;
  const dest = path.join(out, 'schemas', name);
  fs.mkdirSync(dest, { recursive: true });
  for (const f of fs.readdirSync(path.join(dir, schemaDir))) {
    if (f.endsWith('.json')) fs.copyFileSync(path.join(dir, schemaDir, f), path.join(dest, f));
  }
  fs.copyFileSync(path.join(dir, 'package.json'), path.join(dest, 'package.json.orig'));
}

function copyTheme(name, dir, out) {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const themePath = meta.jupyterlab && meta.jupyterlab.themePath;
  if (!themePath) return;
  // Inline the theme's local @imports (variables.css): the themes handler serves one file.
  const file = path.join(dir, themePath);
  const css = fs.readFileSync(file, 'utf8').replace(/@import\s+'\.\/([^']+)';/g, (_, f) => fs.readFileSync(path.join(path.dirname(file), f), 'utf8'));
  const dest = path.join(out, 'themes', name);
  fs.mkdirSync(dest, { recursive: true });
  fs.writeFileSync(path.join(dest, 'index.css'), css);
}

function imports(extensions, mimeExtensions) {
  const style = (name) => {
    const meta = JSON.parse(fs.readFileSync(path.join(packageDir(name), 'package.json'), 'utf8'));
    return meta.styleModule ? `import '${name}/${meta.styleModule}';` : meta.style ? `import '${name}/${meta.style}';` : '';
  };
  const all = [...extensions, ...mimeExtensions];
  return [
    '// Written by assets.js from package.json\'s jupyterlab lists.',
    ...all.map(style).filter(Boolean),
    `export const extensions = [\n${extensions.map((n) => `  ['${n}', () => import('${n}')],`).join('\n')}\n];`,
    `export const mimeExtensions = [\n${mimeExtensions.map((n) => `  ['${n}', () => import('${n}')],`).join('\n')}\n];`,
    '',
  ].join('\n');
}

function writeAssets(out = path.join(here, 'build')) {
  const meta = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
  const { extensions, mimeExtensions } = meta.jupyterlab;
  for (const name of [...extensions, ...mimeExtensions]) {
    const dir = packageDir(name);
    copySchemas(name, dir, out);
    copyTheme(name, dir, out);
  }
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'imports.js'), imports(extensions, mimeExtensions));
}

module.exports = { writeAssets };
