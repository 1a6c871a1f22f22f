// Remembers the workspace last opened, for pages outside /w/:id (Account).
const KEY = "loupe.lastWorkspace";

export function rememberWorkspace(id: string) {
  try {
    localStorage.setItem(KEY, id);
  } catch {
    // storage may be disabled; nothing to do
  }
}

export function lastWorkspace(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}
