// The datasets lossyml knows: the paper's five, the real UCI tables shared with the project, and
// the synthetic ones. Sources, sizes and checksums come from the shared data READMEs.

import { CatalogEntry, ReadRequest } from './catalog-types';
import { readCsv, CsvOptions } from './csv-read';
import { Dataset } from './dataset';
import { framesToDataset, readPtychoFrames } from './ptycho';
import { syntheticTabular, syntheticWide } from './synthetic';

const UCI_LICENSE = 'CC BY 4.0 (UCI Machine Learning Repository)';
const MLBENCH = 'GPL-2 (R package mlbench 2.1-3; data from the UCI repository)';

/** A CSV reader with fixed options; headerless files get their target renamed to `target`. */
function csv(options: CsvOptions & { targetName?: string }, headerless?: CsvOptions): (req: ReadRequest) => Promise<Dataset> {
  return async (req) => {
    const o = req.whole && headerless ? { ...options, ...headerless } : options;
    const ds = await readCsv(req.file, { ...o, dtype: req.dtype });
    return options.targetName && ds.target && ds.target.name !== options.targetName ? renameTarget(ds, options.targetName) : ds;
  };
}

function renameTarget(ds: Dataset, name: string): Dataset {
  const target = ds.target && { ...ds.target, name };
  return new Dataset({ name: ds.name, names: ds.names, columns: ds.columns, target, source: ds.source, targetIndex: ds.targetIndex, missing: ds.missing });
}

const fromR = (pkg: string, obj: string, file: string) =>
  `it is made from the R package ${pkg} (Debian r-cran-${pkg}): in R, library(${pkg}); data(${obj}); ` +
  `write.csv(${obj}, "${file.replace(/\.gz$/, '')}", row.names = FALSE), then gzip -9 -n (see the shared data README for the exact steps)`;

function rTable(name: string, pkg: string, obj: string, rows: number, cols: number, target: string, task: CatalogEntry['task'], description: string, citation: string): CatalogEntry {
  const file = `${name}.csv.gz`;
  return {
    name, description, task, target, citation,
    shape: { rows, cols },
    url: `https://cran.r-project.org/package=${pkg}`,
    license: pkg === 'mlbench' ? MLBENCH : 'GPL-2 (R package kernlab 0.9-32; data from the UCI repository)',
    folders: [name],
    whole: [{ file, rows }, { file: `${name}.csv`, rows }],
    howToGet: fromR(pkg, obj, file),
    read: csv({ target }),
  };
}

const notRead = (): Promise<Dataset> => Promise.reject(new Error('generated data is not read from a file'));

export const CATALOG: CatalogEntry[] = [
  {
    name: 'superconductor',
    description: 'UCI Superconductivity: 81 features of element properties per compound; predict the critical temperature (K)',
    task: 'regression', target: 'critical_temp', shape: { rows: 21263, cols: 81 },
    url: 'https://archive.ics.uci.edu/dataset/464/superconductivty+data',
    citation: 'K. Hamidieh, "A data-driven statistical model for predicting the critical temperature of a superconductor", Computational Materials Science 154 (2018) 346-354',
    license: UCI_LICENSE,
    folders: ['superconductor'],
    whole: [{ file: 'train.csv', rows: 21263 }, { file: 'train.csv.gz', rows: 21263 }],
    partial: { file: 'test_set.csv.gz', rows: 4252, partial: 'a random 20% of the rows, rounded to ~10 digits' },
    remote: { url: 'https://archive.ics.uci.edu/static/public/464/superconductivty+data.zip', member: 'train.csv' },
    howToGet: 'download the UCI zip and put its train.csv there',
    read: csv({ target: 'critical_temp' }),
  },
  {
    name: 'ads',
    description: 'UCI Internet Advertisements: 1558 features of web images (3 continuous with missing values, the rest 0/1); ad or not',
    task: 'binary', target: 'class', shape: { rows: 3279, cols: 1558 },
    url: 'https://archive.ics.uci.edu/dataset/51/internet+advertisements',
    citation: 'N. Kushmerick, "Learning to remove Internet advertisements", 3rd International Conference on Autonomous Agents, 1999',
    license: UCI_LICENSE,
    folders: ['ads'],
    whole: [{ file: 'ad.data', rows: 3279 }, { file: 'ad.data.gz', rows: 3279 }],
    partial: { file: 'ad-first998.data.gz', rows: 998, partial: 'the first 998 rows; class balance not the original' },
    remote: { url: 'https://archive.ics.uci.edu/static/public/51/internet+advertisements.zip', member: 'ad.data', gitBlob: '4e776d192fd4418aa0724854673811cb71075ac8' },
    howToGet: 'download the UCI zip and put its ad.data there',
    read: csv({ target: -1, targetName: 'class' }, { header: false }),
  },
  {
    name: 'buzz',
    description: 'UCI Buzz in social media, Twitter classification set (relative labelling, sigma 500): 77 activity features; buzz or not',
    task: 'binary', target: 'buzz', shape: { rows: 140707, cols: 77 },
    url: 'https://archive.ics.uci.edu/dataset/248/buzz+in+social+media',
    citation: 'F. Kawala, A. Douzal-Chouakria, E. Gaussier, E. Diemert, "Prédictions d\'activité dans les réseaux sociaux en ligne", MARAMI 2013',
    license: UCI_LICENSE,
    folders: ['buzz'],
    whole: [{ file: 'Twitter-Relative-Sigma-500.data', rows: 140707 }, { file: 'Twitter-Relative-Sigma-500.data.gz', rows: 140707 }],
    remote: { url: 'https://archive.ics.uci.edu/static/public/248/buzz+in+social+media.zip', member: 'Twitter/Relative_labeling/sigma=500/Twitter-Relative-Sigma-500.data' },
    howToGet: 'download the UCI zip; the file is classification/Twitter/Relative_labeling/sigma=500/Twitter-Relative-Sigma-500.data inside its classification archive',
    read: csv({ header: false, target: -1, targetName: 'buzz' }),
  },
  {
    name: 'nt3',
    description: 'CANDLE NT3: RNA-seq expression (60483 genes) of 1120 training samples; normal vs tumor (nt_test2.csv holds 280 more)',
    task: 'binary', target: 'class', shape: { rows: 1120, cols: 60483 },
    url: 'https://github.com/ECP-CANDLE/Benchmarks/tree/master/Pilot1/NT3',
    citation: 'ECP-CANDLE Benchmarks, Pilot1 NT3 (data from the NCI Genomic Data Commons)',
    license: 'see ECP-CANDLE/Benchmarks LICENSE; data derived from public NCI GDC data',
    folders: ['nt3'],
    whole: [{ file: 'nt_train2.csv', rows: 1120 }, { file: 'nt_train2.csv.gz', rows: 1120 }],
    remote: { url: 'http://ftp.mcs.anl.gov/pub/candle/public/benchmarks/Pilot1/normal-tumor/nt_train2.csv' },
    howToGet: 'download nt_train2.csv (over 500 MB) from the CANDLE server (also at ftp://ftp.mcs.anl.gov/pub/candle/public/benchmarks/Pilot1/normal-tumor/)',
    defaultDtype: 'float32',
    read: csv({ header: false, target: 0, targetName: 'class' }),
  },
  {
    name: 'ptychonn',
    description: 'PtychoNN X-ray ptychography diffraction frames (APS scan 20191008_39), one row per frame, one column per pixel; no ground truth here',
    task: 'reconstruction', target: null, shape: { rows: 8100, cols: 131072 },
    url: 'https://github.com/mcherukara/PtychoNN',
    citation: 'M. J. Cherukara et al., "AI-enabled high-resolution scanning coherent diffraction imaging", Applied Physics Letters 117, 044103 (2020)',
    license: 'Argonne/UChicago open-source license (mcherukara/PtychoNN LICENSE)',
    folders: ['ptychonn', 'ptycho'],
    whole: [{ file: '20191008_39_diff.npz', rows: 0 }],
    partial: { file: 'test235_truncated.npz', rows: 20, partial: '20 real 512 x 512 diffraction frames, no amplitude/phase ground truth' },
    remote: { url: 'https://huggingface.co/datasets/mcherukara/PtychoNN_data/resolve/main/20191008_39_diff.npz', size: 588494609 },
    howToGet: 'get 20191008_39_diff.npz (588,494,609 bytes) from the Hugging Face dataset mcherukara/PtychoNN_data named in the PtychoNN README',
    defaultDtype: 'float32',
    read: async (req) => {
      const f = await readPtychoFrames(req.file);
      return framesToDataset(f, 'ptychonn', req.dtype);
    },
  },
  {
    name: 'casp',
    description: 'UCI Physicochemical Properties of Protein Tertiary Structure (CASP 5-9): 9 features; predict RMSD',
    task: 'regression', target: 'RMSD', shape: { rows: 45730, cols: 9 },
    url: 'https://archive.ics.uci.edu/dataset/265/physicochemical+properties+of+protein+tertiary+structure',
    citation: 'P. S. Rana, UCI Machine Learning Repository, doi:10.24432/C5QW3H (2013)',
    license: UCI_LICENSE,
    folders: ['casp'],
    whole: [{ file: 'CASP.csv', rows: 45730 }, { file: 'CASP.csv.gz', rows: 45730 }],
    remote: { url: 'https://archive.ics.uci.edu/static/public/265/physicochemical+properties+of+protein+tertiary+structure.zip', member: 'CASP.csv', size: 3528710, sha256: '4277cfcb4e91a181746cbc654f001b57951c9e6a80f4f795fdb5c807e0848f40' },
    howToGet: 'download the UCI zip and put its CASP.csv there',
    read: csv({ target: 'RMSD' }),
  },
  rTable('satellite', 'mlbench', 'Satellite', 6435, 36, 'classes', 'multiclass', 'UCI Statlog (Landsat Satellite): 36 pixel values (0-255) of 3x3 neighbourhoods in 4 bands; 6 soil classes', 'A. Srinivasan, Statlog (Landsat Satellite), UCI Machine Learning Repository'),
  rTable('letter', 'mlbench', 'LetterRecognition', 20000, 16, 'lettr', 'multiclass', 'UCI Letter Recognition: 16 integer features (0-15) of distorted capital letters; 26 classes', 'P. W. Frey and D. J. Slate, "Letter Recognition Using Holland-style Adaptive Classifiers", Machine Learning 6 (1991)'),
  rTable('ionosphere', 'mlbench', 'Ionosphere', 351, 34, 'Class', 'binary', 'UCI Ionosphere: 34 radar-return features; good or bad (V2 is constant 0)', 'V. G. Sigillito et al., "Classification of radar returns from the ionosphere using neural networks", Johns Hopkins APL Technical Digest 10 (1989)'),
  rTable('sonar', 'mlbench', 'Sonar', 208, 60, 'Class', 'binary', 'UCI Sonar, Mines vs. Rocks: 60 band energies in 0-1; mine or rock', 'R. P. Gorman and T. J. Sejnowski, "Analysis of Hidden Units in a Layered Network Trained to Classify Sonar Targets", Neural Networks 1 (1988)'),
  rTable('boston', 'mlbench', 'BostonHousing', 506, 13, 'medv', 'regression', 'Boston Housing: 13 census-tract features; predict the median home value (medv, USD 1000s)', 'D. Harrison and D. L. Rubinfeld, "Hedonic prices and the demand for clean air", J. Environ. Economics and Management 5 (1978)'),
  rTable('musk', 'kernlab', 'musk', 476, 166, 'Class', 'binary', 'UCI Musk (version 1): 166 integer shape features of molecule conformations; musk (1) or not (0)', 'T. G. Dietterich, R. H. Lathrop, T. Lozano-Perez, "Solving the multiple instance problem with axis-parallel rectangles", Artificial Intelligence 89 (1997)'),
  {
    name: 'synthetic-tabular',
    description: 'Synthetic, Superconductor-shaped: 81 correlated element-property statistics (1e-3..1e4), 3 constant columns; a noisy non-linear critical_temp',
    task: 'regression', target: 'critical_temp', shape: { rows: 2000, cols: 84 },
    url: 'lossyml syntheticTabular()', citation: 'generated by lossyml (seeded)', license: 'MIT (lossyml)',
    folders: [], whole: [], howToGet: 'always available',
    read: notRead,
    generate: () => syntheticTabular(),
  },
  {
    name: 'synthetic-wide',
    description: 'Synthetic, NT3-shaped: float32 expression-like matrix, 4% all-zero columns, a 0/1 label that shifts 20 columns',
    task: 'binary', target: 'label', shape: { rows: 256, cols: 2000 },
    url: 'lossyml syntheticWide()', citation: 'generated by lossyml (seeded)', license: 'MIT (lossyml)',
    folders: [], whole: [], howToGet: 'always available', defaultDtype: 'float32',
    read: notRead,
    generate: () => syntheticWide(),
  },
];

