// Chooses the TensorFlow.js backend once per process and says which and why: tfjs-node-gpu
// (when installed and a GPU is visible), tfjs-node, the WebAssembly backend, then plain cpu.
// Module loading and GPU probing are injectable so the optional paths are tested without them.

import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { UnavailableError, UsageError, describe } from '../../util/errors';

export type Tf = typeof tf;
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export type BackendRequest = 'auto' | BackendName;

export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
export const BACKEND_ENV = 'LOSSYML_TF_BACKEND';

/** What initTf settled on: the tfjs namespace, the backend and the reason, as said aloud. */
export interface TfInit {
  tf: Tf;
  backend: BackendName;
  why: string;
}

/** How the selector reaches the outside world; tests replace these. */
export interface BackendProbes {
  /** require() of an optional package; throws when it is not installed. */
  load(name: string): unknown;
  /** Whether a CUDA GPU is visible to this process. */
  gpuVisible(): boolean;
}

export interface InitTfOptions {
  /** 'auto' (default) walks the order above; a name forces that backend or fails saying why. */
  backend?: BackendRequest;
  /** Where the one line naming the backend goes (default: stderr). */
  log?: (message: string) => void;
  probes?: BackendProbes;
}

export const defaultProbes: BackendProbes = {
  load: (name) => require(name) as unknown,
  gpuVisible,
};

const TF_NAME: Record<BackendName, string> = { 'tensorflow-gpu': 'tensorflow', tensorflow: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };
const PACKAGE: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

let current: TfInit | undefined;

/**
 * Sets up TensorFlow.js and returns it with the chosen backend. The first call (and any call
 * that asks for a different backend) says the choice in one line; later calls are silent.
 */
export async function initTf(options: InitTfOptions = {}): Promise<TfInit> {
  const request = resolveRequest(options.backend);
  if (current && (request === 'auto' || request === current.backend) && tf.getBackend() === TF_NAME[current.backend]) {
    return current;
  }
  const probes = options.probes ?? defaultProbes;
  const log = options.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const candidates = request === 'auto' ? BACKEND_ORDER : [request];
  const skipped: string[] = [];
  for (const name of candidates) {
    const failure = await tryBackend(name, probes);
    if (failure === undefined) {
      const why = request === 'auto' ? explainAuto(name, skipped) : `asked for ${name}`;
      current = { tf, backend: name, why };
      // Our line replaces tfjs's own "install tfjs-node" advice, which would repeat it.
      tf.env().set('PROD', true);
      log(`lossyml: TensorFlow.js backend ${name} (${why})`);
      return current;
    }
    skipped.push(`${name}: ${failure}`);
  }
  throw new UnavailableError(`TensorFlow.js backend ${request} is not available here: ${skipped.join('; ')}`);
}

/** The backend in use, if initTf has run. */
export function currentBackend(): BackendName | undefined {
  return current?.backend;
}

/** Forgets the choice so that the next auto request selects (and says) again; the backend stays active. */
export function forgetBackendChoice(): void {
  current = undefined;
}

/** Whether tfjs's own convolution layers can train on this backend (wasm lacks Conv2DBackpropFilter). */
export function hasNativeConvGradients(backend: BackendName): boolean {
  return backend !== 'wasm';
}

function resolveRequest(option: BackendRequest | undefined): BackendRequest {
  if (option !== undefined && validRequest(option, 'backend') !== 'auto') return option;
  const env = process.env[BACKEND_ENV];
  return env !== undefined && env !== '' ? validRequest(env, BACKEND_ENV) : 'auto';
}

function validRequest(value: string, what: string): BackendRequest {
  const allowed: readonly string[] = ['auto', ...BACKEND_ORDER];
  if (!allowed.includes(value)) throw new UsageError(`${what}: got ${describe(value)}, expected one of ${allowed.join(', ')}`);
  return value as BackendRequest;
}

function explainAuto(name: BackendName, skipped: string[]): string {
  const first = skipped.length === 0 ? 'first choice' : `first available; ${skipped.join('; ')}`;
  if (name === 'wasm') return `${first}; single-threaded in Node, convolutions via im2col`;
  if (name === 'cpu') return `${first}; slow: plain JavaScript kernels`;
  return first;
}

/** Undefined when the backend is now active; otherwise why it is not. */
async function tryBackend(name: BackendName, probes: BackendProbes): Promise<string | undefined> {
  if (name === 'tensorflow-gpu' && !probes.gpuVisible()) return 'no GPU visible';
  const loaded = loadPackage(name, probes);
  if (loaded !== undefined) return loaded;
  if (!tf.findBackendFactory(TF_NAME[name])) {
    // The project overrides @tensorflow/tfjs-node with plain @tensorflow/tfjs, and a second
    // copy of tfjs-core would register the backend in an engine we do not use.
    return `${PACKAGE[name]} loaded but registered no '${TF_NAME[name]}' backend (plain @tensorflow/tfjs under that name, or a second copy of tfjs-core)`;
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(TF_NAME[name]);
    await tf.ready();
  } catch (e) {
    return `failed to start: ${(e as Error).message}`;
  }
  return ok ? undefined : 'failed to start';
}

function loadPackage(name: BackendName, probes: BackendProbes): string | undefined {
  if (name === 'cpu') return undefined; // bundled with @tensorflow/tfjs
  try {
    probes.load(PACKAGE[name]);
    return undefined;
  } catch (e) {
    const code = (e as { code?: string }).code;
    return code === 'MODULE_NOT_FOUND' ? `${PACKAGE[name]} not installed` : `${PACKAGE[name]} failed to load: ${(e as Error).message}`;
  }
}

function gpuVisible(): boolean {
  const devices = process.env.CUDA_VISIBLE_DEVICES;
  if (devices === '' || devices === '-1') return false;
  const r = spawnSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 5000 });
  return r.status === 0 && /GPU \d+/.test(r.stdout ?? '');
}
