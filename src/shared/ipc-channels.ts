// The Electron IPC channels the contract travels on (calls, withdrawals of calls, and pushed job events), and the two
// by which paths become importable: the app's own open dialog, and the preload reporting a dropped file's path.
// Shared by the preload and the main process so neither spells them twice.
export const IPC_CALL = 'trailscope:call';
export const IPC_WITHDRAW = 'trailscope:withdraw';
export const IPC_PUSH = 'trailscope:push';
/** The desktop app's open dialog for an import, asked for by the renderer: what the user chooses may be imported. */
export const IPC_CHOOSE_PATHS = 'trailscope:choose-paths';
/** A file dropped on the window: its path may then be imported (shell/granted-paths.ts). */
export const IPC_GRANT_PATH = 'trailscope:grant-path';
