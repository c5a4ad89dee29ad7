// `npm run install-extension` puts the prebuilt (federated) extension where JupyterLab looks
// for it, and Debian's jupyterlab_server then lists it as a federated extension and serves its
// remote entry: what a pip-installed JupyterLab 4 loads.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, root, startLab } from './harness';

jest.setTimeout(600000);

const dataDir = join(artifacts, 'install-extension-data');

test('install-extension installs into JUPYTER_DATA_DIR, and the server lists and serves the extension', async () => {
  rmSync(dataDir, { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, 'scripts/install-extension.js')], { env: { ...process.env, JUPYTER_DATA_DIR: dataDir }, stdio: 'inherit' });
  const installed = join(dataDir, 'labextensions/@lossyml/jupyterlab');
  const meta = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  expect(meta.name).toBe('@lossyml/jupyterlab');
  expect(meta.jupyterlab._build.mimeExtension).toBe('./mimeExtension');
  expect(existsSync(join(installed, meta.jupyterlab._build.load))).toBe(true);
  expect(JSON.parse(readFileSync(join(installed, 'install.json'), 'utf8')).packageName).toBe('@lossyml/jupyterlab');

  const lab = await startLab(join(artifacts, 'notebooks-empty'), { env: { JUPYTER_DATA_DIR: dataDir } });
  try {
    const page = await (await fetch(lab.url)).text();
    const config = JSON.parse(/<script id="jupyter-config-data" type="application\/json">([^<]*)<\/script>/.exec(page)?.[1] ?? '{}');
    const listed = (config.federated_extensions as { name: string; load: string; mimeExtension?: string }[]).find((e) => e.name === '@lossyml/jupyterlab');
    expect(listed).toEqual(expect.objectContaining({ load: meta.jupyterlab._build.load, mimeExtension: './mimeExtension' }));
    const base = lab.url.replace(/\/lab\?token=.*$/, '');
    const entry = await fetch(`${base}/lab/extensions/@lossyml/jupyterlab/${meta.jupyterlab._build.load}`);
    expect(entry.status).toBe(200);
    expect(await entry.text()).toContain('@lossyml/jupyterlab');
  } finally {
    await lab.stop();
  }
});
