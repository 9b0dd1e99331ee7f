/// <reference lib="dom" />

type Child = Node | string | false | null | undefined;
type Attributes = Record<string, string | boolean | undefined>;

/**
 * Creates an element. Text always goes in as text nodes (never as HTML), so client words cannot inject markup;
 * a `true` attribute is set empty, `false`/`undefined` is left out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    element.append(child);
  }
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as T;
}

/**
 * Replaces a list's contents after a refresh. The element that had the keyboard focus (by its `data-key`) gets it
 * back, so polling never throws a keyboard user to the top of the page.
 */
export function replaceKeepingFocus(container: HTMLElement, children: Node[]): void {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && container.contains(active) ? active.dataset.key : undefined;
  container.replaceChildren(...children);
  if (key) container.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
}
