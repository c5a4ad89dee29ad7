// The terminal view of a running sweep: one bar with done/total, ETA and the current best
// configuration within the loss budget, drawn by cli-progress on stderr. Only when both
// stdout and stderr are terminals: piped or redirected output stays free of control codes.

import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { SweepEvent } from '../display/payload';
import { QualityJudge } from '../search/quality';
import { describeConfig, recommend } from '../search/recommend';

export interface SweepProgress {
  update(event: SweepEvent): void;
  /** A line above the bar (warnings), or on stderr when no bar is drawn. */
  log(line: string): void;
  stop(): void;
}

export function sweepProgress(maxLoss: number, enabled = Boolean(process.stdout.isTTY && process.stderr.isTTY)): SweepProgress {
  if (!enabled) return { update: () => undefined, log: (line) => process.stderr.write(line + '\n'), stop: () => undefined };
  const multi = new MultiBar(
    { format: ' {bar} {value}/{total} evaluations | ETA {eta_formatted} | {best}', hideCursor: true, etaBuffer: 20, clearOnComplete: false, stopOnComplete: false },
    Presets.shades_classic,
  );
  let bar: SingleBar | undefined;
  let best = 'measuring the noise floor';
  return {
    update(e) {
      if (e.type === 'started') bar = multi.create(e.total, 0, { best });
      else if (e.type === 'front-updated' && bar) {
        const f = e.front;
        if (f.noiseFloor && f.threshold !== undefined) {
          const judge = new QualityJudge(f.noiseFloor, f.higherIsBetter, { kind: 'absolute', value: f.threshold });
          const r = recommend(f.records, judge, maxLoss);
          best = r.record ? `best within ${maxLoss * 100}%: ${describeConfig(r.record)} ${r.record.compressionRatio.toPrecision(3)}x` : 'no lossy method within budget yet';
        }
        if (f.progress) bar.setTotal(f.progress.total);
        bar.update(f.progress?.done ?? 0, { best });
      }
    },
    log(line) {
      multi.log(line + '\n');
    },
    stop() {
      multi.stop();
    },
  };
}
