// Writes a file so that it is either whole or absent: a temp file in the same folder,
// fsync, then rename. A crash or an error mid-write never leaves a half-written output.

import * as fs from 'node:fs';
import * as path from 'node:path';

export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const handle = await fs.promises.open(tmp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}
