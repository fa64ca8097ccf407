// The inbox's one way of moving between tasks: the keys j/k and the phone pane's Previous/Next
// buttons both ask it where to go. Pure, so that the two cannot drift apart.

/**
 * The position in a list of `count` tasks to open one step from the open task (`delta` +1: next,
 * -1: previous), or null when there is none that way.
 *
 * `index` is the open task's position in the list, or -1 when it is not listed (any more): a task
 * decided in the Pending view leaves it. `last` is the position it was last seen at, so that the
 * task which took its place is the next one, and the one before it the previous — as if it were
 * still there; if the list has shrunk below it since (others decided tasks too), as if it were
 * last. With no task opened yet (`last` 0), the next task is the first.
 */
export function stepTo(count: number, index: number, last: number, delta: 1 | -1): number | null {
  const at = Math.min(last, count);
  const to = index >= 0 ? index + delta : delta > 0 ? at : at - 1;
  return to >= 0 && to < count ? to : null;
}
