// Where the window icon (resources/icon.png, 512 px) is: in the repository under `electron .`, beside app.asar in a
// packaged app (electron-builder.yml copies it there with extraResources, a plain file any API can read). No
// electron import, so the two cases are unit-tested; window.ts passes in what electron knows.
import { join } from 'node:path';

export interface AppLocation {
  packaged: boolean;
  /** process.resourcesPath: the folder that holds app.asar and the extra resources. */
  resourcesPath: string;
  /** app.getAppPath(): the folder of package.json when not packaged. */
  appPath: string;
}

export function appIconPath(where: AppLocation): string {
  return where.packaged ? join(where.resourcesPath, 'icon.png') : join(where.appPath, 'resources', 'icon.png');
}
