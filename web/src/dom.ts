type Child = Node | string | number | null | undefined | false;
type Attribute = string | number | boolean | undefined | ((event: Event) => void);

/** An element with attributes, listeners (`on…`) and children; text is always set as text, never parsed as HTML. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, Attribute> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** Replaces what an element shows. */
export function show(container: Element, ...children: (Child | Child[])[]): void {
  container.replaceChildren(
    ...children
      .flat()
      .filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false)
      .map((c) => (c instanceof Node ? c : String(c))),
  );
}

let nextId = 0;
/** A unique element id, for labels and their fields. */
export const uniqueId = (prefix: string) => `${prefix}-${++nextId}`;

/** A table that stacks into cards on a narrow screen (`.stack`): a heading per column, a row per item. */
export function stackTable(className: string, headings: string[], rows: Node[]): HTMLTableElement {
  return h(
    'table',
    { class: `stack ${className}` },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headings.map((text) => h('th', { scope: 'col' }, text)),
      ),
    ),
    h('tbody', {}, rows),
  );
}
