/**
 * How many of the main navigation's items fit on one row (priority+ navigation): all of them when
 * they fit, else as many leading items as fit beside the "More" button, which takes the rest.
 * Widths are the rendered widths of each item and of the "More" button; `gap` is the list's gap.
 */
export function fittingNavItems(itemWidths: readonly number[], moreWidth: number, available: number, gap: number): number {
  const rowWidth = (widths: readonly number[]) => widths.reduce((sum, width) => sum + width, 0) + gap * Math.max(widths.length - 1, 0);
  if (rowWidth(itemWidths) <= available) return itemWidths.length;
  let count = itemWidths.length - 1;
  while (count > 0 && rowWidth([...itemWidths.slice(0, count), moreWidth]) > available) count -= 1;
  return count;
}
