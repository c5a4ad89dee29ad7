import {
  PAYLOAD_VERSION,
  displaySweep,
  liveSweep,
  tableBundle,
  type FrontPayload,
  type MimeBundle,
  type RecordRow,
  type SweepBundles,
  type SweepEvent,
  type TablePayload,
} from '@lossyml/sdk';
import { fakeSink } from './fakes';

function row(i: number): RecordRow {
  return {
    key: `k${i}`, app: 'toy', method: 'sz-rel', config: { id: 'sz-rel', bound: 10 ** -(i % 5), layout: 'columns' },
    param: { name: 'bound', value: 10 ** -(i % 5) }, seed: 0, quality: 0.9 - i * 1e-3, metric: 'r2', higherIsBetter: true,
    compressionRatio: 2 + i, seconds: { fit: 0.1 },
  };
}

function payloads(rows: RecordRow[], status: FrontPayload['status'], total: number): { front: FrontPayload; table: TablePayload } {
  const common = { version: PAYLOAD_VERSION as typeof PAYLOAD_VERSION, app: 'toy', metric: 'r2', higherIsBetter: true, status, progress: { done: rows.length, total } };
  const keys = rows.map((r) => r.key);
  return {
    front: { ...common, records: rows, frontByRatio: keys, frontByThroughput: [], flags: [] },
    table: { ...common, rows, paretoKeys: keys },
  };
}

/** A sweep of `total` points that stops at the next point once its signal is aborted. */
async function* fakeSweep(total: number, signal?: AbortSignal, onPoint?: (i: number) => void): AsyncGenerator<SweepEvent> {
  yield { type: 'started', app: 'toy', metric: 'r2', higherIsBetter: true, methods: ['sz-rel'], total };
  const rows: RecordRow[] = [];
  for (let i = 0; i < total; i++) {
    if (signal?.aborted) break;
    onPoint?.(i);
    await Promise.resolve();
    rows.push(row(i));
    yield { type: 'record', record: rows[i], resumed: false };
    yield { type: 'front-updated', ...payloads(rows.slice(), 'running', total) };
  }
  const status = signal?.aborted ? 'interrupted' : 'done';
  yield { type: 'done', ...payloads(rows.slice(), status, total) };
}

const frontText = (f: FrontPayload): MimeBundle => ({ 'text/plain': `${f.records.length} ${f.status}`, 'application/vnd.lossyml.front+json': f as unknown as { [k: string]: unknown } });
const bundles: SweepBundles = { front: frontText, table: tableBundle };

describe('displaySweep', () => {
  test('opens one table and one front display at start, throttles 500 fast updates, ends on the final state', async () => {
    const sink = fakeSink();
    const outcome = await displaySweep(fakeSweep(500), bundles, { sink, intervalMs: 60_000 });
    const ids = [...new Set(sink.sent.map((s) => s.options.displayId))];
    expect(ids).toHaveLength(2);
    for (const id of ids) {
      const sends = sink.sent.filter((s) => s.options.displayId === id);
      expect(sends[0].options.update).toBe(false);
      expect(sends.slice(1).every((s) => s.options.update)).toBe(true);
      // the opening (empty) state, then nothing within the minute, then the final state
      expect(sends.length).toBeLessThanOrEqual(3);
      expect(sends[sends.length - 1].options.final).toBe(true);
    }
    const lastTable = sink.sent.filter((s) => 'application/vnd.lossyml.table+json' in s.bundle).pop()!;
    expect((lastTable.bundle['application/vnd.lossyml.table+json'] as unknown as TablePayload).rows).toHaveLength(500);
    expect(lastTable.bundle['text/html']).toContain('<table');
    expect(lastTable.bundle['text/plain']).toMatch(/^toy: 500 records, 500\/500 evaluations/);
    const firstFront = sink.sent.find((s) => 'application/vnd.lossyml.front+json' in s.bundle)!;
    expect(firstFront.bundle['text/plain']).toBe('0 running');
    expect(outcome.status).toBe('done');
    expect(outcome.records).toHaveLength(500);
  });

  test('warnings are collected and passed on; a failing sweep still sends its last state, then rethrows', async () => {
    const sink = fakeSink();
    const warned: string[] = [];
    async function* failing(): AsyncGenerator<SweepEvent> {
      yield { type: 'started', app: 'toy', metric: 'r2', higherIsBetter: true, methods: ['sz-rel'], total: 3 };
      yield { type: 'warning', message: 'quality fell below the threshold', method: 'zfp-rate' };
      yield { type: 'front-updated', ...payloads([row(0)], 'running', 3) };
      throw new Error('model diverged');
    }
    await expect(displaySweep(failing(), bundles, { sink, intervalMs: 60_000, warn: (m) => warned.push(m) })).rejects.toThrow('model diverged');
    expect(warned).toEqual(['lossyml: zfp-rate: quality fell below the threshold']);
    const finals = sink.sent.filter((s) => s.options.final);
    expect(finals).toHaveLength(2);
    expect(finals.map((s) => s.bundle['text/plain']).join('\n')).toContain('1 running');
  });
});

describe('liveSweep', () => {
  test('SIGINT aborts the sweep: finished points are kept and the displays end on the interrupted state', async () => {
    const sink = fakeSink();
    const outcome = await liveSweep(
      (signal) => fakeSweep(100, signal, (i) => i === 7 && process.emit('SIGINT')),
      bundles,
      { sink, intervalMs: 0 },
    );
    expect(outcome.status).toBe('interrupted');
    expect(outcome.records).toHaveLength(8);
    const last = sink.sent.filter((s) => s.options.final).map((s) => s.bundle['text/plain']);
    expect(last.some((t) => t === '8 interrupted')).toBe(true);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  test('an aborted caller signal stops the sweep the same way', async () => {
    const sink = fakeSink();
    const controller = new AbortController();
    const outcome = await liveSweep((signal) => fakeSweep(50, signal, (i) => i === 3 && controller.abort()), bundles, { sink, signal: controller.signal, interruptOnSigint: false });
    expect(outcome.status).toBe('interrupted');
    expect(outcome.records).toHaveLength(4);
  });

  test('a second run waits until the first (interrupted) run has stopped before it starts', async () => {
    const order: string[] = [];
    let releaseFirst!: () => void;
    const gate = new Promise<void>((r) => (releaseFirst = r));
    async function* slow(signal: AbortSignal): AsyncGenerator<SweepEvent> {
      order.push('first started');
      yield { type: 'started', app: 'toy', metric: 'r2', higherIsBetter: true, methods: [], total: 1 };
      await gate;
      order.push('first stopped');
      yield { type: 'done', ...payloads([], signal.aborted ? 'interrupted' : 'done', 1) };
    }
    async function* quick(): AsyncGenerator<SweepEvent> {
      order.push('second started');
      yield { type: 'done', ...payloads([], 'done', 0) };
    }
    const first = liveSweep(slow, bundles, { sink: fakeSink(), interruptOnSigint: false });
    await new Promise((r) => setTimeout(r, 10));
    const second = liveSweep(() => quick(), bundles, { sink: fakeSink(), interruptOnSigint: false });
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['first started']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first started', 'first stopped', 'second started']);
  });
});
