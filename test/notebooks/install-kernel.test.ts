import * as path from 'node:path';

// The install script is plain CommonJS so that it runs before anything is built.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { jupyterDataDir, kernelSpec } = require('../../scripts/install-kernel.js') as {
  jupyterDataDir(env: { [k: string]: string | undefined }, platform: string, home: string): string;
  kernelSpec(tslabBin: string, nodePath?: string): { argv: string[]; display_name: string; language: string; interrupt_mode: string };
};

describe('install-kernel', () => {
  test("the data folder is jupyter_core's: JUPYTER_DATA_DIR first, then the platform's per-user folder", () => {
    expect(jupyterDataDir({ JUPYTER_DATA_DIR: '/srv/jd' }, 'linux', '/home/u')).toBe('/srv/jd');
    expect(jupyterDataDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/jupyter');
    expect(jupyterDataDir({ XDG_DATA_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/jupyter');
    expect(jupyterDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Jupyter');
    expect(jupyterDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe(path.join('C:\\Users\\u\\AppData\\Roaming', 'jupyter'));
  });

  test('the installed spec is the committed one with this node and an absolute tslab path, interrupts by signal', () => {
    const spec = kernelSpec('/opt/repo/node_modules/tslab/bin/tslab', '/usr/local/bin/node');
    expect(spec.argv).toEqual(['/usr/local/bin/node', '/opt/repo/node_modules/tslab/bin/tslab', 'kernel', '--config-path', '{connection_file}']);
    expect(spec.language).toBe('typescript');
    expect(spec.interrupt_mode).toBe('signal');
  });
});
