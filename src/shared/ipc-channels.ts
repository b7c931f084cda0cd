// The Electron IPC channels the contract travels on (calls, withdrawals of calls, and pushed job events). Shared by
// the preload and the main process so neither spells them twice.
export const IPC_CALL = 'trailscope:call';
export const IPC_WITHDRAW = 'trailscope:withdraw';
export const IPC_PUSH = 'trailscope:push';
