// Exposes one object, window.trailscope, to the renderer. The contract's channels arrive with the desktop issue;
// until then it only tells the renderer which build it talks to.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('trailscope', { transport: 'electron' });
