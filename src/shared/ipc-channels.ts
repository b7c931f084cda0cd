// The Electron IPC channels the contract travels on (calls, withdrawals of calls, and pushed job events), and the one
// on which the preload reports a dropped file's path. Shared by the preload and the main process so neither spells
// them twice.
export const IPC_CALL = 'trailscope:call';
export const IPC_WITHDRAW = 'trailscope:withdraw';
export const IPC_PUSH = 'trailscope:push';
/** A file dropped on the window: its path may then be imported (shell/granted-paths.ts). */
export const IPC_GRANT_PATH = 'trailscope:grant-path';
