// Backend selection: the order tensorflow-gpu > tensorflow > wasm > cpu, the one line that says
// the choice and why, forcing by option or LOSSYML_TF_BACKEND, and the fallbacks. The optional
// tfjs-node packages are absent here, so a fake module loader stands in for them.
import * as tf from '@tensorflow/tfjs';
import { initTf, forgetBackendChoice, defaultProbes, BACKEND_ENV, type BackendProbes } from '@lossyml/sdk/models/tfjs/backend';
import { UnavailableError, UsageError } from '@lossyml/sdk/util/errors';

function notFound(name: string): Error {
  return Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
}

/** A loader that knows only the given packages; the rest are "not installed". */
function fakeProbes(gpu: boolean, installed: Record<string, () => void>): BackendProbes & { loaded: string[] } {
  const loaded: string[] = [];
  return {
    loaded,
    gpuVisible: () => gpu,
    load(name: string) {
      loaded.push(name);
      const init = installed[name];
      if (!init) throw notFound(name);
      init();
      return {};
    },
  };
}

/** What a real tfjs-node(-gpu) does on require: register a 'tensorflow' backend in our engine. */
function registerFakeTensorflow(): void {
  if (tf.findBackendFactory('tensorflow')) return;
  const Cpu = tf.findBackend('cpu').constructor as new () => tf.KernelBackend;
  tf.registerBackend('tensorflow', () => new Cpu());
}

const wasmReal = () => void require('@tensorflow/tfjs-backend-wasm');

describe('initTf', () => {
  const saved = process.env[BACKEND_ENV];
  let lines: string[];
  const log = (m: string) => void lines.push(m);

  beforeEach(async () => {
    delete process.env[BACKEND_ENV];
    lines = [];
    await initTf({ backend: 'cpu', log: () => undefined });
    forgetBackendChoice();
  });

  afterAll(async () => {
    if (saved === undefined) delete process.env[BACKEND_ENV];
    else process.env[BACKEND_ENV] = saved;
    await initTf({ backend: 'cpu', log: () => undefined });
    if (tf.findBackendFactory('tensorflow')) tf.removeBackend('tensorflow');
  });

  test('with no GPU and no tfjs-node, auto picks wasm and says why in one line', async () => {
    const probes = fakeProbes(false, { '@tensorflow/tfjs-backend-wasm': wasmReal });
    const r = await initTf({ backend: 'auto', log, probes });
    expect(r.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^lossyml: TensorFlow\.js backend wasm \(/);
    expect(lines[0]).toContain('tensorflow-gpu: no GPU visible');
    expect(lines[0]).toContain('tensorflow: @tensorflow/tfjs-node not installed');
    // The GPU package is not even loaded when no GPU is visible.
    expect(probes.loaded).toEqual(['@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm']);
  });

  test('the choice is said once: a second auto call is silent and returns the same backend', async () => {
    const probes = fakeProbes(false, { '@tensorflow/tfjs-backend-wasm': wasmReal });
    await initTf({ log, probes });
    const again = await initTf({ log, probes });
    expect(again.backend).toBe('wasm');
    expect(lines).toHaveLength(1);
  });

  test('a GPU and tfjs-node-gpu registering the tensorflow backend: tensorflow-gpu comes first', async () => {
    const probes = fakeProbes(true, { '@tensorflow/tfjs-node-gpu': registerFakeTensorflow, '@tensorflow/tfjs-backend-wasm': wasmReal });
    const r = await initTf({ backend: 'auto', log, probes });
    expect(r.backend).toBe('tensorflow-gpu');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(probes.loaded).toEqual(['@tensorflow/tfjs-node-gpu']);
    expect(lines[0]).toContain('backend tensorflow-gpu (first choice)');
  });

  test('no GPU but tfjs-node installed: tensorflow is chosen', async () => {
    const probes = fakeProbes(false, { '@tensorflow/tfjs-node': registerFakeTensorflow });
    const r = await initTf({ backend: 'auto', log, probes });
    expect(r.backend).toBe('tensorflow');
    expect(lines[0]).toContain('tensorflow-gpu: no GPU visible');
  });

  test('tfjs-node that resolves to plain tfjs (this project\'s override) falls through honestly', async () => {
    if (tf.findBackendFactory('tensorflow')) tf.removeBackend('tensorflow');
    // The real module resolution of this machine: @tensorflow/tfjs-node is plain @tensorflow/tfjs.
    const probes: BackendProbes = { load: defaultProbes.load, gpuVisible: () => false };
    const r = await initTf({ backend: 'auto', log, probes });
    expect(r.backend).toBe('wasm');
    expect(lines[0]).toContain("@tensorflow/tfjs-node loaded but registered no 'tensorflow' backend");
  });

  test('wasm failing to load falls back to cpu, saying why', async () => {
    const probes = fakeProbes(false, {
      '@tensorflow/tfjs-backend-wasm': () => {
        throw new Error('wasm binary missing');
      },
    });
    const r = await initTf({ backend: 'auto', log, probes });
    expect(r.backend).toBe('cpu');
    expect(lines[0]).toContain('wasm: @tensorflow/tfjs-backend-wasm failed to load: wasm binary missing');
  });

  test('forcing an unavailable backend fails with the reason', async () => {
    const probes = fakeProbes(false, {});
    await expect(initTf({ backend: 'tensorflow-gpu', log, probes })).rejects.toThrow(UnavailableError);
    await expect(initTf({ backend: 'tensorflow-gpu', log, probes })).rejects.toThrow(/no GPU visible/);
    expect(lines).toHaveLength(0);
  });

  test('LOSSYML_TF_BACKEND forces the choice of an auto request; an explicit option still wins', async () => {
    await initTf({ backend: 'wasm', log: () => undefined });
    process.env[BACKEND_ENV] = 'cpu';
    const r = await initTf({ log });
    expect(r.backend).toBe('cpu');
    expect(r.why).toBe('asked for cpu');
    const w = await initTf({ backend: 'wasm', log });
    expect(w.backend).toBe('wasm');
    expect(lines).toHaveLength(2);
  });

  test('a bad LOSSYML_TF_BACKEND or backend option names the setting and the allowed values', async () => {
    process.env[BACKEND_ENV] = 'gpu';
    await expect(initTf({ log })).rejects.toThrow(UsageError);
    await expect(initTf({ log })).rejects.toThrow(/LOSSYML_TF_BACKEND: got "gpu", expected one of auto, tensorflow-gpu, tensorflow, wasm, cpu/);
    delete process.env[BACKEND_ENV];
    await expect(initTf({ backend: 'webgl' as 'cpu', log })).rejects.toThrow(/backend: got "webgl"/);
  });
});
