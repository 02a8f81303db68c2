// Small DOM helpers. Text always goes in through textContent, never innerHTML: guestbook messages
// and api fields are untrusted.

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from index.html`);
  return element as T;
}

export interface ElementProps {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** Sets the text only when it changed: no needless DOM churn under assistive technology. */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * Makes `target`'s children look like `next`, reusing the nodes already there: text changes in
 * place, elements are patched, only what differs is replaced. Elements with a `data-key` (a
 * message id, a pod name) are matched by key, so a new message at the top does not turn every row
 * below it into another message. Panels re-render twice a second: keeping their nodes keeps
 * keyboard focus (a guestbook Delete button) and a screen reader's reading position.
 */
export function morphChildren(target: Element, next: Node[]): void {
  const keyed = new Map<string, Element>();
  for (const child of target.children) {
    const key = child.getAttribute('data-key');
    if (key !== null) keyed.set(key, child);
  }
  next.forEach((node, i) => {
    const old = target.childNodes[i] ?? null;
    const key = node instanceof Element ? node.getAttribute('data-key') : null;
    if (key !== null) {
      const match = keyed.get(key);
      if (!match) {
        target.insertBefore(node, old);
        return;
      }
      if (match !== old) target.insertBefore(match, old);
      morphElement(match, node as Element);
      return;
    }
    if (!old) target.append(node);
    else if (old.nodeType !== node.nodeType || old.nodeName !== node.nodeName)
      old.replaceWith(node);
    else if (old instanceof Element && node instanceof Element) morphElement(old, node);
    else if (old.textContent !== node.textContent) old.textContent = node.textContent;
  });
  while (target.childNodes.length > next.length) target.lastChild?.remove();
}

function morphElement(target: Element, source: Element): void {
  for (const { name } of [...target.attributes]) {
    if (name !== 'style' && !source.hasAttribute(name)) target.removeAttribute(name);
  }
  for (const { name, value } of [...source.attributes]) {
    if (name !== 'style' && target.getAttribute(name) !== value) target.setAttribute(name, value);
  }
  // Styles through the CSSOM: the Content-Security-Policy forbids setting the style attribute.
  if (target instanceof HTMLElement && source instanceof HTMLElement) {
    if (target.style.cssText !== source.style.cssText) target.style.cssText = source.style.cssText;
  }
  morphChildren(target, [...source.childNodes]);
}
