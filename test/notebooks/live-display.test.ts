import { LiveDisplay, consoleSink, type MimeBundle } from '@lossyml/sdk';
import { FakeClock, fakeSink, settle } from './fakes';

const textBundle = (n: number): MimeBundle => ({ 'text/plain': `state ${n}`, 'application/vnd.test+json': { n } });

function setup(intervalMs = 500) {
  const clock = new FakeClock();
  const sink = fakeSink(clock);
  const display = new LiveDisplay<number>(textBundle, { intervalMs, clock, sink, displayId: 'd1' });
  return { clock, sink, display };
}

describe('LiveDisplay throttling', () => {
  test('the first state opens the display at once, as display_data with the display id', async () => {
    const { sink, display } = setup();
    display.update(1);
    await settle();
    expect(sink.sent).toHaveLength(1);
    expect(sink.sent[0].options).toEqual({ displayId: 'd1', update: false, final: false });
    expect(sink.sent[0].bundle['application/vnd.test+json']).toEqual({ n: 1 });
  });

  test('a burst of 1000 states within one interval sends one update, carrying the last state', async () => {
    const { clock, sink, display } = setup(500);
    display.update(0);
    for (let i = 1; i <= 1000; i++) {
      clock.advance(0.1);
      display.update(i);
    }
    await settle();
    expect(sink.sent).toHaveLength(1);
    clock.advance(500);
    await settle();
    expect(sink.sent).toHaveLength(2);
    expect(sink.sent[1].options.update).toBe(true);
    expect(sink.sent[1].bundle['text/plain']).toBe('state 1000');
    expect(sink.sent[1].at - sink.sent[0].at).toBeGreaterThanOrEqual(500);
  });

  test('sends are never closer together than the interval over a long steady stream', async () => {
    const { clock, sink, display } = setup(200);
    for (let i = 0; i < 3000; i++) {
      display.update(i);
      clock.advance(7);
      await settle();
    }
    await display.close();
    const times = sink.sent.map((s) => s.at);
    for (let i = 1; i < times.length - 1; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(200);
    // 3000 states over 21 s at one send per 200 ms: about 105 sends, not 3000
    expect(sink.sent.length).toBeLessThanOrEqual(21000 / 200 + 2);
    expect(sink.sent.length).toBeGreaterThanOrEqual(21000 / 200 - 2);
  });

  test('flush sends a due state whose timer could not fire (busy event loop), and nothing early', async () => {
    const { clock, sink, display } = setup(500);
    display.update(1);
    await display.flush();
    expect(sink.sent).toHaveLength(1);
    display.update(2);
    // Time passes while the caller computes: the throttle's timer is due but has not run.
    clock.t += 200;
    await display.flush();
    expect(sink.sent).toHaveLength(1);
    clock.t += 400;
    await display.flush();
    expect(sink.sent.map((s) => s.bundle['text/plain'])).toEqual(['state 1', 'state 2']);
    expect(sink.sent[1].at).toBe(600);
    expect(clock.pending).toBe(0);
    // Nothing new: flush sends nothing.
    clock.t += 1000;
    await display.flush();
    expect(sink.sent).toHaveLength(2);
  });

  test('close sends the last state as final even when it arrived inside the interval', async () => {
    const { clock, sink, display } = setup(500);
    display.update(1);
    clock.advance(10);
    display.update(2);
    display.update(3);
    await display.close();
    expect(sink.sent.map((s) => s.bundle['text/plain'])).toEqual(['state 1', 'state 3']);
    expect(sink.sent[1].options).toEqual({ displayId: 'd1', update: true, final: true });
    expect(clock.pending).toBe(0);
  });

  test('close with a final state replaces whatever was pending', async () => {
    const { sink, display } = setup(500);
    display.update(1);
    display.update(2);
    await display.close({ state: 9 });
    expect(sink.sent.map((s) => s.bundle['text/plain'])).toEqual(['state 1', 'state 9']);
  });

  test('close without any state sends nothing; update after close is refused', async () => {
    const { sink, display } = setup();
    await display.close();
    expect(sink.sent).toHaveLength(0);
    expect(() => display.update(1)).toThrow(/update after close/);
  });

  test('interval 0 sends every state once the previous one is out, in order', async () => {
    const { sink, display } = setup(0);
    for (let i = 0; i < 20; i++) {
      display.update(i);
      await settle();
    }
    await display.close();
    expect(sink.sent.map((s) => s.bundle['text/plain'])).toEqual([...Array.from({ length: 20 }, (_, i) => `state ${i}`), 'state 19']);
  });

  test('a slow bundle build widens the interval to a multiple of the build time', async () => {
    const clock = new FakeClock();
    const sink = fakeSink(clock);
    const slow = (n: number): MimeBundle => {
      clock.t += 100; // each build takes 100 ms of (fake) time
      return textBundle(n);
    };
    const display = new LiveDisplay<number>(slow, { intervalMs: 50, buildTimeFactor: 4, clock, sink });
    display.update(0);
    await settle();
    expect(display.interval).toBe(400);
    display.update(1);
    clock.advance(300);
    await settle();
    expect(sink.sent).toHaveLength(1);
    clock.advance(200);
    await settle();
    expect(sink.sent).toHaveLength(2);
  });

  test("the build time that widens the interval is the clock's CPU time, not the wall time around it", async () => {
    const clock = Object.assign(new FakeClock(), { cpu: 0, cpuNow(this: { cpu: number }) { return this.cpu; } });
    const sink = fakeSink(clock);
    // A build that takes 2 s of wall time (a loaded machine, a kernel stopped) but 30 ms of CPU.
    const build = (n: number): MimeBundle => {
      clock.t += 2000;
      clock.cpu += 30;
      return textBundle(n);
    };
    const display = new LiveDisplay<number>(build, { intervalMs: 50, buildTimeFactor: 4, clock, sink });
    display.update(0);
    await settle();
    expect(display.interval).toBe(120);
  });

  test('states arriving while a slow async build is in flight collapse into the latest, sent in order', async () => {
    const clock = new FakeClock();
    const sink = fakeSink(clock);
    const build = async (n: number) => {
      await new Promise((r) => setTimeout(r, 20));
      return textBundle(n);
    };
    const display = new LiveDisplay<number>(build, { intervalMs: 0, clock, sink });
    display.update(0);
    for (let i = 1; i <= 50; i++) display.update(i); // all while state 0 is being built
    await new Promise((r) => setTimeout(r, 100));
    await display.close();
    expect(sink.sent.map((s) => s.bundle['text/plain'])).toEqual(['state 0', 'state 50', 'state 50']);
    expect(sink.sent.map((s) => s.options.update)).toEqual([false, true, true]);
    expect(sink.sent.map((s) => s.options.final)).toEqual([false, false, true]);
  });

  test('a bundle without text/plain, or with a JSON type given as a string, is an error at close', async () => {
    const { clock } = setup();
    const sink = fakeSink(clock);
    const bad = new LiveDisplay<number>(() => ({ 'application/vnd.x+json': '{"a":1}' }) as unknown as MimeBundle, { clock, sink });
    bad.update(1);
    await expect(bad.close()).rejects.toThrow(/text\/plain/);
    const bad2 = new LiveDisplay<number>(() => ({ 'text/plain': 'x', 'application/vnd.x+json': '{"a":1}' }) as unknown as MimeBundle, { clock, sink });
    bad2.update(1);
    await expect(bad2.close()).rejects.toThrow(/application\/vnd.x\+json must be a JSON object/);
    expect(sink.sent).toHaveLength(0);
  });

  test('options are checked at the edge', () => {
    expect(() => new LiveDisplay<number>(textBundle, { intervalMs: -1, sink: fakeSink() })).toThrow(/intervalMs: got -1/);
    expect(() => new LiveDisplay<number>(textBundle, { intervalMs: NaN, sink: fakeSink() })).toThrow(/intervalMs/);
    expect(() => new LiveDisplay<number>(textBundle, { buildTimeFactor: 1000, sink: fakeSink() })).toThrow(/buildTimeFactor: got 1000/);
  });
});

describe('consoleSink', () => {
  test('prints a display when it opens and its final state, not the updates between', () => {
    const lines: string[] = [];
    const sink = consoleSink((t) => lines.push(t));
    sink.send({ 'text/plain': 'a' }, { displayId: 'x', update: false, final: false });
    sink.send({ 'text/plain': 'b' }, { displayId: 'x', update: true, final: false });
    sink.send({ 'text/plain': 'c' }, { displayId: 'x', update: true, final: true });
    expect(lines).toEqual(['a\n', 'c\n']);
  });
});
