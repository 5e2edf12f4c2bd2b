/**
 * Terminal trees with box-drawing branches. Generic: the caller builds `TreeItem`s (upstream,
 * downstream, the health helper's causes), this only draws them. Iterative, so deep chains do
 * not overflow the stack.
 */

export interface TreeItem {
  text: string;
  children?: TreeItem[];
}

export interface TreeStyle {
  /** Branch glyphs; ASCII when the terminal may not show box drawing. */
  ascii?: boolean;
  /** Colour for the branch glyphs (e.g. colors(io).dim). */
  paint?: (s: string) => string;
}

/** Each line of the tree, in order: a tree of hundreds of thousands of lines is never held whole. */
export function forEachTreeLine(
  roots: TreeItem | readonly TreeItem[],
  style: TreeStyle,
  emit: (line: string) => void,
): void {
  const g = style.ascii
    ? { tee: '|-- ', last: '`-- ', pipe: '|   ', blank: '    ' }
    : { tee: '├─ ', last: '└─ ', pipe: '│  ', blank: '   ' };
  const paint = style.paint ?? ((s: string) => s);
  const stack: Array<{ item: TreeItem; prefix: string; branch: string }> = [];
  const list = Array.isArray(roots) ? roots : [roots as TreeItem];
  for (let i = list.length - 1; i >= 0; i--) stack.push({ item: list[i]!, prefix: '', branch: '' });
  while (stack.length > 0) {
    const { item, prefix, branch } = stack.pop()!;
    emit(`${paint(prefix + branch)}${item.text}`);
    const kids = item.children ?? [];
    const childPrefix = prefix + (branch === '' ? '' : branch === g.last ? g.blank : g.pipe);
    for (let i = kids.length - 1; i >= 0; i--) {
      stack.push({ item: kids[i]!, prefix: childPrefix, branch: i === kids.length - 1 ? g.last : g.tee });
    }
  }
}
