// Keeping the decision graph readable. A 25,000-event history has thousands of decision tasks;
// drawn one node each, nobody can read it and the layout takes seconds. The rule, applied only
// while the graph has more than `maxNodes` nodes, level by level:
//
//  Level 1 (exact repetition). Each completed decision task forms a *step*: its decision node,
//    the inputs it processed (signals, cancel requests, timed-out decision tasks) and the
//    commands it issued. Within a step, nodes with the same signature (kind + label + status;
//    labels carry type names, never ids) merge into one node "×N" — a fan-out of 200 identical
//    activities is one node. Then runs of consecutive steps that repeat with a period of 1 to 8
//    steps (A A A …, or A B A B …) merge position by position: a loop "schedule activity, wait on
//    a timer" of 2,000 iterations becomes one decision ×2000, one activity ×2000, one decision
//    ×2000, one timer ×2000. The longest repetition starting at a step wins; the shortest period
//    among equally long ones. Because the status is in the signature, a failed attempt in the
//    middle of a loop interrupts the run and stays visible on its own.
//  Level 2 (shape repetition). The same with signature = node kind only, so iterations that
//    differ in names, outcomes or fan-out width merge too; a merged node shows its most severe
//    status and the per-status counts. The folding is repeated on its own result, and a folded
//    block's key ignores its repetition count, so blocks of blocks fold as well: a loop with a
//    retry every 40 iterations ("(A T)×39, A A T", again and again) ends up as a handful of nodes.
//  Level 3 (elision). The level-2 steps at the beginning and the end are kept (half the node budget
//    each) and everything between becomes a single "collapsed" node holding those events.
//
// The start node, the end node, open decision tasks and unprocessed inputs are never merged into
// steps. Every event id stays in exactly one node at every level, and edges are remapped to the
// merged nodes (with a count; an edge back to an earlier node is flagged `loop`).
import type {
  CollapseInfo,
  DecisionGraph,
  GraphEdge,
  GraphEdgeKind,
  GraphNode,
} from "./graph-model";
import { worstStatus, type VisualStatus } from "./status";

/** One completed decision task: `nodeIds[0]` is the decision, then its inputs, then its commands. */
export interface Step {
  nodeIds: string[];
}

export interface RawEdge {
  source: string;
  target: string;
  kind: GraphEdgeKind;
  label?: string;
}

/** The uncollapsed graph: start node(s), one step per completed decision task, then the rest. */
export interface BaseGraph {
  nodes: Map<string, GraphNode>;
  edges: RawEdge[];
  prefix: string[];
  steps: Step[];
  suffix: string[];
}

/** Longest repeating block, in steps, that level 1 and 2 look for. */
const MAX_PERIOD = 8;

/** A set of original nodes that becomes one node. */
interface Group {
  members: string[];
  collapsed?: boolean;
}

/**
 * One step, or a whole repeated block of steps, after merging. Units with equal `key` have the
 * same group structure, so they can be merged group by group.
 */
interface Unit {
  key: number;
  groups: string[][];
}

interface Partition {
  prefix: Group[];
  units: Unit[];
  suffix: Group[];
}

type Signature = (node: GraphNode) => string;

const exactSignature: Signature = (n) => `${n.kind}|${n.label}|${n.status}`;
const shapeSignature: Signature = (n) => n.kind;

/** Interns strings to small integers so that comparing two steps is comparing two numbers. */
class Interner {
  private readonly ids = new Map<string, number>();
  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
}

export function collapseGraph(base: BaseGraph, maxNodes: number): DecisionGraph {
  const originalNodeCount = base.nodes.size;
  const info = (level: CollapseInfo["level"], hiddenDecisions = 0): CollapseInfo => ({
    level,
    originalNodeCount,
    hiddenDecisions,
  });
  if (originalNodeCount <= maxNodes) {
    const single = (ids: string[]): Group[] => ids.map((id) => ({ members: [id] }));
    return materialize(
      base,
      [
        ...single(base.prefix),
        ...base.steps.flatMap((s) => single(s.nodeIds)),
        ...single(base.suffix),
      ],
      info(0),
    );
  }

  // Level 1: one pass of exact repetition.
  const exactKeys = new Interner();
  const exact = partition(
    base,
    foldRuns(stepUnits(base, exactSignature, true, exactKeys), exactKeys),
    exactSignature,
  );
  if (partitionSize(exact) <= maxNodes) return materialize(base, flatten(exact), info(1));

  // Level 2: shape repetition, folded again and again: a block's key ignores its repetition
  // count, so "(activity, timer) ×39" and "(activity, timer) ×12" are alike at the next pass,
  // and a loop with a retry every 40 iterations folds into one block.
  const shapeKeys = new Interner();
  let units = stepUnits(base, shapeSignature, false, shapeKeys);
  for (;;) {
    const folded = foldRuns(units, shapeKeys);
    if (folded.length === units.length) break;
    units = folded;
    if (unitsSize(units) + base.prefix.length + base.suffix.length <= maxNodes) break;
  }
  const shape = partition(base, units, shapeSignature);
  if (partitionSize(shape) <= maxNodes) return materialize(base, flatten(shape), info(2));
  return elide(base, shape, maxNodes, info);
}

function unitsSize(units: readonly Unit[]): number {
  let size = 0;
  for (const unit of units) size += unit.groups.length;
  return size;
}

function partitionSize(p: Partition): number {
  return p.prefix.length + p.suffix.length + unitsSize(p.units);
}

function partition(base: BaseGraph, units: Unit[], signature: Signature): Partition {
  return {
    prefix: base.prefix.map((id) => ({ members: [id] })),
    units,
    suffix: groupSuffix(base, signature),
  };
}

/**
 * One unit per step: the decision alone first, then one group per signature (first-seen order).
 * The key lists the signatures, and with `countsMatter` how many nodes each group has.
 */
function stepUnits(
  base: BaseGraph,
  signature: Signature,
  countsMatter: boolean,
  keys: Interner,
): Unit[] {
  return base.steps.map((step) => {
    const groups: string[][] = [[step.nodeIds[0]]];
    const sigs: string[] = ["D"];
    const bySig = new Map<string, string[]>();
    for (let i = 1; i < step.nodeIds.length; i++) {
      const id = step.nodeIds[i];
      const sig = signature(base.nodes.get(id)!);
      let group = bySig.get(sig);
      if (!group) {
        group = [];
        bySig.set(sig, group);
        groups.push(group);
        sigs.push(sig);
      }
      group.push(id);
    }
    const key = sigs
      .map((sig, i) => (countsMatter ? `${sig}#${groups[i].length}` : sig))
      .join("\n");
    return { key: keys.id(`S:${key}`), groups };
  });
}

/** Merges runs of repeated units position by position (see findRuns). */
function foldRuns(units: readonly Unit[], keys: Interner): Unit[] {
  const out: Unit[] = [];
  for (const run of findRuns(
    units.map((u) => u.key),
    MAX_PERIOD,
  )) {
    if (run.reps === 1) {
      out.push(units[run.start]);
      continue;
    }
    const groups: string[][] = [];
    const blockKeys: number[] = [];
    for (let k = 0; k < run.period; k++) {
      const first = units[run.start + k];
      blockKeys.push(first.key);
      for (let g = 0; g < first.groups.length; g++) {
        const members: string[] = [];
        for (let rep = 0; rep < run.reps; rep++) {
          for (const id of units[run.start + rep * run.period + k].groups[g]) members.push(id);
        }
        groups.push(members);
      }
    }
    // A block of one unit keeps that unit's key: "A ×5" is still shaped like "A".
    out.push({
      key: run.period === 1 ? blockKeys[0] : keys.id(`B:${blockKeys.join(",")}`),
      groups,
    });
  }
  return out;
}

/** Unprocessed inputs and loose commands merge by signature; open decision tasks and the end stay alone. */
function groupSuffix(base: BaseGraph, signature: Signature): Group[] {
  const out: Group[] = [];
  const bySig = new Map<string, Group>();
  for (const id of base.suffix) {
    const node = base.nodes.get(id)!;
    if (node.kind === "end" || node.kind === "decision") {
      out.push({ members: [id] });
      continue;
    }
    const sig = signature(node);
    const group = bySig.get(sig);
    if (group) group.members.push(id);
    else {
      const fresh = { members: [id] };
      bySig.set(sig, fresh);
      out.push(fresh);
    }
  }
  return out;
}

interface Run {
  start: number;
  period: number;
  reps: number;
}

/**
 * Greedy left-to-right: at each position take the period (1…maxPeriod) whose repetition covers
 * the most items (the shortest period among equals); no repetition → a run of one item.
 * Linear in the number of items times maxPeriod².
 */
export function findRuns(keys: readonly number[], maxPeriod: number): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < keys.length) {
    let best: Run = { start: i, period: 1, reps: 1 };
    for (let p = 1; p <= maxPeriod && i + 2 * p <= keys.length; p++) {
      let reps = 1;
      while (i + (reps + 1) * p <= keys.length && sameBlock(keys, i, i + reps * p, p)) reps++;
      if (reps >= 2 && p * reps > best.period * best.reps) best = { start: i, period: p, reps };
    }
    runs.push(best);
    i += best.period * best.reps;
  }
  return runs;
}

function sameBlock(keys: readonly number[], a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (keys[a + k] !== keys[b + k]) return false;
  return true;
}

/** Level 3: keep the first and last steps that fit, one "collapsed" node for the rest. */
function elide(
  base: BaseGraph,
  shape: Partition,
  maxNodes: number,
  info: (level: 3, hidden: number) => CollapseInfo,
): DecisionGraph {
  const budget = Math.max(0, maxNodes - shape.prefix.length - shape.suffix.length - 1);
  const { units } = shape;
  let used = 0;
  let head = 0;
  while (head < units.length && used + units[head].groups.length <= Math.floor(budget / 2))
    used += units[head++].groups.length;
  let tail = units.length;
  while (tail > head && used + units[tail - 1].groups.length <= budget)
    used += units[--tail].groups.length;

  const hiddenMembers: string[] = [];
  for (let u = head; u < tail; u++)
    for (const group of units[u].groups) for (const id of group) hiddenMembers.push(id);
  const hiddenDecisions = hiddenMembers.reduce(
    (n, id) => n + (base.nodes.get(id)!.kind === "decision" ? 1 : 0),
    0,
  );
  const middle: Group[] =
    hiddenMembers.length > 0 ? [{ members: hiddenMembers, collapsed: true }] : [];
  const groups = [...toGroups(units.slice(0, head)), ...middle, ...toGroups(units.slice(tail))];
  return materialize(base, [...shape.prefix, ...groups, ...shape.suffix], info(3, hiddenDecisions));
}

function flatten(p: Partition): Group[] {
  return [...p.prefix, ...toGroups(p.units), ...p.suffix];
}

function toGroups(units: readonly Unit[]): Group[] {
  return units.flatMap((unit) => unit.groups.map((members) => ({ members })));
}

/** Turns groups of original nodes into final nodes, and remaps and merges the edges. */
function materialize(
  base: BaseGraph,
  groups: readonly Group[],
  collapse: CollapseInfo,
): DecisionGraph {
  const nodes: GraphNode[] = [];
  const finalId = new Map<string, string>();
  const addGroup = (group: Group) => {
    const node = mergeGroup(base, group);
    for (const id of group.members) finalId.set(id, node.id);
    nodes.push(node);
  };
  groups.forEach(addGroup);

  // Where each final node sits in history order, to spot edges that point back (see anchorOf).
  const anchor = new Map<string, number>();
  for (const group of groups) {
    let min = Infinity;
    for (const id of group.members) min = Math.min(min, anchorOf(base.nodes.get(id)!));
    anchor.set(finalId.get(group.members[0])!, min);
  }
  const edges = new Map<string, GraphEdge>();
  for (const raw of base.edges) {
    const source = finalId.get(raw.source);
    const target = finalId.get(raw.target);
    if (source === undefined || target === undefined || source === target) continue;
    const id = `${source}->${target}:${raw.kind}`;
    const existing = edges.get(id);
    if (existing) {
      existing.count++;
      continue;
    }
    const edge: GraphEdge = { id, source, target, kind: raw.kind, count: 1 };
    if (raw.label !== undefined) edge.label = raw.label;
    // Cancel edges point back by nature; any other edge pointing back closes a collapsed loop.
    if (raw.kind !== "cancel" && anchor.get(target)! <= anchor.get(source)!) edge.loop = true;
    edges.set(id, edge);
  }
  return { nodes, edges: [...edges.values()], collapse };
}

/**
 * A position in history order such that every original issued/outcome/close edge goes from a
 * lower to a higher anchor: a decision task counts at its last event (it issues after it
 * completes, and it processes events recorded before it started); an open decision task and the
 * end come after everything; any other node counts at its first event. After merging, a node's
 * anchor is its earliest member's, so an edge from a later repetition back to the block's
 * first one goes from a higher to a lower anchor: that is the loop.
 */
function anchorOf(node: GraphNode): number {
  if (node.kind === "end") return Number.MAX_SAFE_INTEGER;
  if (node.kind === "decision") {
    const finished = node.status === "completed" || node.status === "timedOut";
    return finished ? node.eventIds[node.eventIds.length - 1] : Number.MAX_SAFE_INTEGER - 1;
  }
  return node.eventIds[0];
}

function mergeGroup(base: BaseGraph, group: Group): GraphNode {
  const members = group.members.map((id) => base.nodes.get(id)!);
  const first = members[0];
  if (!group.collapsed && members.length === 1) return { ...first, eventIds: [...first.eventIds] };

  let status: VisualStatus = members[0].status;
  const statusCounts: Partial<Record<VisualStatus, number>> = {};
  const eventIds: number[] = [];
  for (const m of members) {
    status = worstStatus(status, m.status);
    statusCounts[m.status] = (statusCounts[m.status] ?? 0) + 1;
    for (const e of m.eventIds) eventIds.push(e);
  }
  eventIds.sort((a, b) => a - b);
  if (group.collapsed) {
    const decisions = members.filter((m) => m.kind === "decision").length;
    return {
      id: "collapsed",
      kind: "collapsed",
      label: `${decisions} decision tasks collapsed`,
      subtitle: `${members.length} nodes, ${eventIds.length} events`,
      status,
      eventIds,
      count: members.length,
      statusCounts,
    };
  }
  return {
    ...first,
    label: `${first.label} ×${members.length}`,
    status,
    eventIds,
    count: members.length,
    statusCounts,
  };
}
