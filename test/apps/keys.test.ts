import { canonicalJson, configKey, evaluationKey, normalizeConfig, UsageError } from '@lossyml/sdk';

describe('canonicalJson', () => {
  test('sorts keys at every level and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, u: undefined })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
  });
  test('refuses numbers JSON cannot hold', () => {
    expect(() => canonicalJson({ bound: Infinity })).toThrow(UsageError);
    expect(() => canonicalJson([NaN])).toThrow(/finite number/);
  });
});

describe('configKey', () => {
  const cfg = normalizeConfig({ id: 'sz-rel', bound: 1e-3 });

  test('is a hex SHA-256, the same in any key order and after a JSON round trip', () => {
    const key = configKey(cfg);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const reversed = Object.fromEntries(Object.entries(cfg).reverse()) as typeof cfg;
    expect(Object.keys(reversed)).not.toEqual(Object.keys(cfg));
    expect(configKey(reversed)).toBe(key);
    expect(configKey(JSON.parse(JSON.stringify(cfg)))).toBe(key);
  });

  test('differs when any field differs', () => {
    const key = configKey(cfg);
    expect(configKey({ ...cfg, bound: 1e-4 })).not.toBe(key);
    expect(configKey({ ...cfg, layout: cfg.layout === 'columns' ? 'matrix' : 'columns' })).not.toBe(key);
    expect(configKey({ ...cfg, id: 'sz-abs' })).not.toBe(key);
    // a number and its text are different configs
    expect(configKey({ ...cfg, bound: '0.001' })).not.toBe(key);
  });
});

describe('evaluationKey', () => {
  const base = {
    app: 'superconductor',
    dataFingerprint: '0123456789abcdef0123456789abcdef',
    config: normalizeConfig({ id: 'zstd' }),
    seeds: { data: 0, model: 0 },
    quick: false,
    version: '0.1.0',
  };

  test('is stable across key order and JSON round trips of its input', () => {
    const key = evaluationKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const shuffled = { version: base.version, seeds: { model: 0, data: 0 }, quick: false, config: base.config, dataFingerprint: base.dataFingerprint, app: base.app };
    expect(evaluationKey(shuffled)).toBe(key);
    expect(evaluationKey(JSON.parse(JSON.stringify(base)))).toBe(key);
  });

  test('differs when any field differs', () => {
    const key = evaluationKey(base);
    const variants = [
      { ...base, app: 'casp' },
      { ...base, dataFingerprint: 'f'.repeat(32) },
      { ...base, config: normalizeConfig({ id: 'zstd', level: 9 }) },
      { ...base, seeds: { data: 1, model: 0 } },
      { ...base, seeds: { data: 0, model: 1 } },
      { ...base, quick: true },
      { ...base, version: '0.2.0' },
    ];
    const keys = variants.map(evaluationKey);
    expect(new Set([key, ...keys]).size).toBe(variants.length + 1);
  });
});
