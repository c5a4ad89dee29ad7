// The limiter gives the event loop a turn before each evaluation, so that timers and I/O (a
// notebook display's throttle, the kernel's socket, an interrupt) run during a sweep whose
// evaluations never await.

import { AbortedError, Limiter } from '../../sdk/src/search/limiter';

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // a model training without awaiting
  }
}

test('a timer due during a sweep of synchronous evaluations fires before the sweep ends', async () => {
  const limiter = new Limiter(2);
  const order: string[] = [];
  setTimeout(() => order.push('timer'), 0);
  await Promise.all(Array.from({ length: 6 }, (_, i) => limiter.run(async () => {
    busy(5);
    order.push(`task ${i}`);
  })));
  const timerAt = order.indexOf('timer');
  expect(timerAt).toBeGreaterThan(0);
  expect(timerAt).toBeLessThan(order.length - 1);
});

test('at most n run at once, in the order asked for', async () => {
  const limiter = new Limiter(2);
  let running = 0;
  let most = 0;
  const started: number[] = [];
  await Promise.all(Array.from({ length: 7 }, (_, i) => limiter.run(async () => {
    started.push(i);
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 2));
    running--;
  })));
  expect(most).toBe(2);
  expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
});

test('an abort during the turn stops the evaluation that had not started', async () => {
  const controller = new AbortController();
  const limiter = new Limiter(1, controller.signal);
  const ran: number[] = [];
  const first = limiter.run(async () => {
    ran.push(0);
  });
  controller.abort();
  await expect(first).rejects.toBeInstanceOf(AbortedError);
  expect(ran).toEqual([]);
});
