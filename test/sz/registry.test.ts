// The SZ family and fpzip are registered with the parameters the searcher and the CLI read,
// and configs are validated at the edge (a wrong bound or predictor is a UsageError).
import { listReducers, normalizeConfig, UsageError } from '@lossyml/sdk';

test('sz-abs, sz-rel, sz-pwrel, sz-psnr and fpzip are listed with their parameters', () => {
  const byId = new Map(listReducers().map((r) => [r.id, r]));
  for (const id of ['sz-abs', 'sz-rel', 'sz-pwrel']) {
    const info = byId.get(id);
    expect(info?.param?.name).toBe('bound');
    expect(info?.param?.scale).toBe('log');
    expect(info?.param?.lossier).toBe('higher');
    expect(info?.layouts).toEqual(['columns', 'matrix']);
  }
  expect(byId.get('sz-psnr')?.param?.name).toBe('psnr');
  expect(byId.get('sz-psnr')?.param?.lossier).toBe('lower');
  expect(byId.get('fpzip')?.lossless).toBe(true);
});

test('configs are normalized and bad values refused with the option named', () => {
  expect(normalizeConfig({ id: 'sz-rel', bound: '1e-3', layout: 'columns' })).toEqual({ id: 'sz-rel', layout: 'columns', bound: 1e-3, predictor: 'auto' });
  expect(() => normalizeConfig({ id: 'sz-rel', bound: 2 })).toThrow(/bound/);
  expect(() => normalizeConfig({ id: 'sz-pwrel', bound: 0 })).toThrow(UsageError);
  expect(() => normalizeConfig({ id: 'sz-abs', bound: 1e-3, predictor: 'magic' })).toThrow(/predictor/);
  expect(() => normalizeConfig({ id: 'sz-psnr', psnr: -5 })).toThrow(/psnr/);
});
