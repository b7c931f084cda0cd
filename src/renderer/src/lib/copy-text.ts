// Puts text on the clipboard: the asynchronous Clipboard API where the page may use it (a browser on 127.0.0.1),
// else a selected, off-screen textarea and the copy command (the desktop app denies the page's permission requests,
// clipboard included). Resolves false when neither worked, so the caller can show the text to copy by hand.
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.left = '-10000px';
    document.body.append(area);
    area.select();
    try {
      // Deprecated but still the one synchronous way that needs no permission.
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}
