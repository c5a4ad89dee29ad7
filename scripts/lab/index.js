// The JupyterLab front end of `npm run lab` and the browser test: JupyterLab's own plugins
// (the list in package.json) and lossyml's renderers, bundled from source. lossyml's renderers
// are left out when the page config disables `@lossyml/jupyterlab` (`npm run lab -- --stock`),
// which shows what a notebook looks like without the extension.
import { PageConfig } from '@jupyterlab/coreutils';

// The public path must be set before any asset loads.
// eslint-disable-next-line no-undef
__webpack_public_path__ = PageConfig.getOption('fullStaticUrl') + '/';

const LOSSYML = '@lossyml/jupyterlab';

// Plugins that need a package this app leaves out (the file editor, the console, the metadata
// form) or a service it does not run (a language server, the news feed).
const LEFT_OUT = new Set([
  '@jupyterlab/tooltip-extension:files',
  '@jupyterlab/tooltip-extension:consoles',
  '@jupyterlab/notebook-extension:update-raw-mimetype',
  '@jupyterlab/apputils-extension:announcements',
]);

function pluginsOf(module) {
  const exported = Object.prototype.hasOwnProperty.call(module, '__esModule') ? module.default : module;
  return Array.isArray(exported) ? exported : [exported];
}

window.addEventListener('load', async () => {
  const { extensions, mimeExtensions } = await import('./build/imports.js');
  const { JupyterLab } = await import('@jupyterlab/application');
  const disabled = (name) => PageConfig.Extension.isDisabled(name);

  const mime = await Promise.all(mimeExtensions.filter(([name]) => !disabled(name)).map(([, load]) => load()));
  if (!disabled(LOSSYML)) {
    await import('@lossyml/jupyterlab/style/index.css');
    mime.push(await import('@lossyml/jupyterlab'));
  }
  const lab = new JupyterLab({ mimeExtensions: mime });
  const plugins = [];
  for (const [name, load] of extensions) {
    if (disabled(name)) continue;
    // Filter the plugin array itself: re-wrapping the module drops __esModule and loses the plugins.
    plugins.push(...pluginsOf(await load()).filter(({ id }) => !LEFT_OUT.has(id) && !id.includes(':language-server')));
  }
  lab.registerPlugins(plugins);
  await lab.start();
  await lab.restored;
  // The browser test drives the app through its commands (as JupyterLab's own UI tests do).
  window.jupyterapp = lab;
  document.body.dataset.lossymlLab = disabled(LOSSYML) ? 'stock' : 'lossyml';
  console.log(`lossyml lab: started (${document.body.dataset.lossymlLab})`);
});
