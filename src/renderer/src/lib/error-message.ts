// An error in words for the UI, whatever was thrown. Apart from the bridge so that plain-TypeScript modules (the row
// window) use it without pulling in the DOM.
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
