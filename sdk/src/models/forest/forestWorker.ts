// Worker-thread entry of the forest: grows the trees it is asked for from the binned training
// data shared by the parent (SharedArrayBuffers), and transfers each tree's arrays back.

import { serveTasks } from '../../util/workers';
import { buildTree, type TrainData, type TreeArrays, type TreeParams } from './tree';

export interface ForestWorkerData {
  data: TrainData;
  params: TreeParams;
}

serveTasks<number, TreeArrays, ForestWorkerData>((seed, shared) => {
  const t = buildTree(shared.data, shared.params, seed);
  // Trees are built in ordinary (not shared) buffers, which can be transferred.
  const buffers = [t.feature.buffer, t.threshold.buffer, t.left.buffer, t.right.buffer, t.value.buffer] as ArrayBuffer[];
  return { result: t, transfer: buffers };
});
