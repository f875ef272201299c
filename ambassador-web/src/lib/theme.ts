export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'ambassador.theme';

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

/**
 * Applies the choice as a `data-theme` attribute on the root element (an attribute, not an inline
 * style, so the strict CSP needs no exception). "system" removes it and the stylesheet follows
 * `prefers-color-scheme`.
 */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (choice === 'system') {
    delete root.dataset.theme;
  } else {
    root.dataset.theme = choice;
  }
}

export function saveTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Storage can be unavailable (private windows); the choice then lasts for this page only.
  }
  applyTheme(choice);
}
