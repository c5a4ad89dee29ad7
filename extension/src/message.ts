// The message a renderer leaves in the output area when it cannot draw: one readable line,
// inside the output, never an exception that breaks the notebook page.

export function showMessage(host: HTMLElement, kind: 'error' | 'empty', text: string): void {
  const box = document.createElement('div');
  box.className = kind === 'error' ? 'lossyml-error' : 'lossyml-empty';
  if (kind === 'error') box.setAttribute('role', 'alert');
  box.textContent = text;
  host.replaceChildren(box);
}

export function errorText(what: string, e: unknown): string {
  const reason = e instanceof Error ? e.message : String(e);
  return `lossyml: cannot draw this ${what}: ${reason}`;
}
