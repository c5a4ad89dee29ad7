// Bundles the JupyterLab front end (index.js) with rspack, webpack's Rust port that
// @jupyter/builder already uses. `--mode production` for a smaller, slower-to-build bundle.
'use strict';
const path = require('node:path');
const rspack = require('@rspack/core');
const miniSVGDataURI = require('mini-svg-data-uri');
const { writeAssets } = require('./assets');

const build = path.join(__dirname, 'build');
writeAssets(build);
const root = path.resolve(__dirname, '../..');

module.exports = (env, argv) => ({
  entry: ['./index.js'],
  context: __dirname,
  output: { path: build, filename: 'bundle.js', chunkFilename: '[name].[contenthash:8].js'},
  bail: true,
  devtool: argv.mode === 'production' ? false : 'source-map',
  resolve: {
    // This app's packages first: the extension and the sdk sit in the repository's workspaces
    // (their symlinks resolve to ../../extension and ../../sdk), and their vega, lumino and
    // jupyterlab imports must find the one copy the app uses.
    modules: [path.join(__dirname, 'node_modules'), 'node_modules'],
    alias: {
      '@lossyml/jupyterlab': path.join(root, 'extension'),
      '@lossyml/sdk/display': path.join(root, 'sdk/dist/display/index.js'),
    },
    fallback: { path: require.resolve('path-browserify') },
  },
  module: {
    rules: [
      { test: /\.css$/, exclude: /\.raw\.css$/, type: 'javascript/auto', use: ['style-loader', 'css-loader'] },
      { test: /\.raw\.css$/, type: 'asset/source' },
      { test: /\.html$/, type: 'asset/resource' },
      { test: /\.md$/, type: 'asset/source' },
      { test: /\.(jpg|png|gif)$/, type: 'asset/resource' },
      { test: /\.js\.map$/, type: 'asset/resource' },
      { test: /\.(woff2?|ttf)(\?v=\d+\.\d+\.\d+)?$/, type: 'asset' },
      { test: /\.eot(\?v=\d+\.\d+\.\d+)?$/, type: 'asset/resource' },
      {
        // In CSS an svg is a data URI; in JavaScript it is the raw string (JupyterLab's icons).
        test: /\.svg(\?v=\d+\.\d+\.\d+)?$/,
        issuer: /\.css$/,
        type: 'asset/inline',
        generator: { dataUrl: (content) => miniSVGDataURI(content.toString()) },
      },
      { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.js$/, type: 'asset/source' },
    ],
  },
  plugins: [new rspack.DefinePlugin({ process: { cwd: () => '/', env: {} } })],
  performance: { hints: false },
});
