// The Electron IPC channels the contract travels on (calls, withdrawals of calls, and pushed job events), the two
// by which paths become importable (the app's own open dialog, and the preload reporting a dropped file's path), the
// save dialog that grants an output path and the reveal of such a path, and the menu's commands for the renderer.
// Shared by the preload and the main process so neither spells them twice.
export const IPC_CALL = 'trailscope:call';
export const IPC_WITHDRAW = 'trailscope:withdraw';
export const IPC_PUSH = 'trailscope:push';
/** The desktop app's open dialog for an import, asked for by the renderer: what the user chooses may be imported. */
export const IPC_CHOOSE_PATHS = 'trailscope:choose-paths';
/** A file dropped on the window: its path may then be imported (shell/granted-paths.ts). */
export const IPC_GRANT_PATH = 'trailscope:grant-path';
/** The desktop app's save dialog for an export, report or package: the path chosen may be written, once. */
export const IPC_CHOOSE_OUTPUT = 'trailscope:choose-output';
/** Shows a file the save dialog granted in the system's file manager. */
export const IPC_REVEAL = 'trailscope:reveal';
/** Main → renderer: a menu item that the page carries out (an AppCommand). */
export const IPC_COMMAND = 'trailscope:command';
