// Test helper: the real tables of LOSSYML_DATA_DIR as float64 feature columns (the target
// kept apart by the data layer).
import { loadDataset } from '@lossyml/sdk/data';

export async function loadTable(name: string): Promise<Float64Array[]> {
  const ds = await loadDataset(name, { dtype: 'float64' });
  return ds.columns as Float64Array[];
}
