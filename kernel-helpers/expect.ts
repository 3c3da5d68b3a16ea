// Assertions a chapter makes about what the kernel did. A failed one throws, so the
// cell fails, the headless run fails, and CI says which claim did not hold.
import { isDeepStrictEqual, inspect } from "node:util";
import { CommandResult } from "../src/command/result.js";
import { captureOrigin, formatFailure, readable } from "../src/command/failure.js";
import type { CounterDelta } from "../src/model/types.js";
import { host, type PacketWalk } from "../src/model/walk.js";
import { describePacket, endsWith, findSteps, rewrites, type Rewrite, type StepSelector } from "../src/model/walk-query.js";

export class ExpectationError extends Error {
  constructor(message: string, origin?: string) {
    super(message);
    this.name = "ExpectationError";
    // In a cell it reads as what was expected and what happened, and the cell's own line.
    readable(this, () => formatFailure({ headline: `✘ ${message}`, origin }));
  }
}

/** Which counter a chapter claims moved: a chain's policy, or a rule by number or by text. */
export interface CounterSelector {
  table?: string;
  chain: string;
  /** The chain's policy (built-in chains). */
  policy?: boolean;
  /** A rule: its number in the chain, or a piece of its text (`-j ACCEPT`, `-s 11.11.11.0/24`). */
  rule?: number | string;
  /** A namespace of the VM ("" or absent: the VM itself). */
  namespace?: string;
  /** iptables (default) or ip6tables counters. */
  family?: "ipv4" | "ipv6";
  /** Exactly this many packets (and bytes), where the seeds record the count. */
  packets?: number;
  bytes?: number;
}

export function matchDelta(d: CounterDelta, sel: CounterSelector): boolean {
  if ((sel.family ?? "ipv4") !== d.family) return false;
  if (sel.table && d.table !== sel.table) return false;
  if (d.chain !== sel.chain) return false;
  if ((sel.namespace ?? "") !== d.namespace) return false;
  if (sel.policy) return d.num === undefined;
  if (typeof sel.rule === "number") return d.num === sel.rule;
  if (typeof sel.rule === "string") return d.num !== undefined && (d.spec ?? "").includes(sel.rule);
  return true;
}

/** The selector's exact count, when it names one, holds for this delta. */
function countMatches(d: CounterDelta, sel: CounterSelector): boolean {
  return (sel.packets === undefined || d.packets === sel.packets) && (sel.bytes === undefined || d.bytes === sel.bytes);
}

export function describeSelector(sel: CounterSelector): string {
  const what = sel.policy ? "policy" : sel.rule === undefined ? "any rule" : typeof sel.rule === "number" ? `rule ${sel.rule}` : `the rule with "${sel.rule}"`;
  const fam = sel.family === "ipv6" ? "ip6tables " : "";
  return `${fam}${sel.table ?? "filter"} ${sel.chain} ${what}${sel.namespace ? ` in ${sel.namespace}` : ""}`;
}

function describeDeltas(deltas: CounterDelta[]): string {
  if (deltas.length === 0) return "no counter moved";
  return "these moved: " + deltas.map((d) => `${d.family === "ipv6" ? "ip6tables " : ""}${d.table} ${d.chain} ${d.num === undefined ? "policy" : `#${d.num} ${d.spec}`} (+${d.packets} pkts, +${d.bytes} bytes)`).join("; ");
}

function isResult(v: unknown): v is CommandResult {
  return v instanceof CommandResult || (typeof v === "object" && v !== null && "exitCode" in v && "stdout" in v && "command" in v);
}

function what(r: CommandResult): string {
  return `\`${r.command}\` on ${r.hostname ?? r.target}${r.inside}`;
}

/** Which rewrite a chapter claims NAT made: the address (and port) a field became. */
export interface RewriteSelector {
  /** The source became this: "10.0.2.15" (MASQUERADE, SNAT). */
  src?: string;
  /** The destination became this: "11.11.11.2:80" (DNAT). */
  dst?: string;
  /** Only rewrites made by this: DNAT, SNAT, MASQUERADE, REDIRECT, conntrack. */
  by?: string;
  direction?: "request" | "reply";
}

function isWalk(v: unknown): v is PacketWalk {
  return typeof v === "object" && v !== null && Array.isArray((v as PacketWalk).packets) && "excluded" in v;
}

/** The walk, one packet a line, for a failure message. */
export function walkForMessage(walk: PacketWalk): string {
  if (!walk.packets.length) return "no packet was traced (did the action send any, and did the TRACE rules match it?)";
  return `the walk (${walk.source}):\n${walk.packets.map((p) => `  ${describePacket(p)}`).join("\n")}`;
}

function describeStepSelector(sel: StepSelector): string {
  const where = [sel.table, sel.chain].filter(Boolean).join(":") || "any chain";
  const rule = sel.policy ? " policy" : sel.rule === undefined ? "" : typeof sel.rule === "number" ? ` rule #${sel.rule}` : ` the rule with "${sel.rule}"`;
  const who = sel.packet !== undefined ? `packet #${sel.packet}` : sel.direction ? `the ${sel.direction}` : "a packet";
  return `${who} to pass ${where}${rule}${sel.verdict ? ` with ${sel.verdict}` : ""}`;
}

function rewriteMatches(r: Rewrite, field: "src" | "dst", want: string, sel: RewriteSelector): boolean {
  if (r.field !== field) return false;
  if (sel.by && r.by.toUpperCase() !== sel.by.toUpperCase()) return false;
  if (sel.direction && r.direction !== sel.direction) return false;
  if (r.after === want) return true;
  // An address without a port ("11.11.11.2") names the address whatever the port.
  return host(want) === want && host(r.after) === want;
}

class Expectation<T> {
  constructor(private readonly actual: T, private readonly negated = false, private readonly origin = captureOrigin()) {}

  /** The opposite of the next claim. */
  get not(): Expectation<T> {
    return new Expectation(this.actual, !this.negated, this.origin);
  }

  private check(ok: boolean, message: string, negatedMessage: string): void {
    if (ok === this.negated) throw new ExpectationError(this.negated ? negatedMessage : message, this.origin);
  }

  private result(): CommandResult {
    if (!isResult(this.actual)) throw new ExpectationError(`expected a command result, got ${inspect(this.actual, { depth: 1 })}`, this.origin);
    return this.actual;
  }

  /** The command exited 0. */
  toSucceed(): void {
    const r = this.result();
    this.check(r.exitCode === 0 && !r.timedOut, `expected ${what(r)} to succeed, but it ${r.timedOut ? "timed out" : `exited with ${r.exitCode}`}${r.stderr.trim() ? `: ${r.stderr.trim()}` : ""}`, `expected ${what(r)} to fail, but it succeeded`);
  }

  /** The command failed (non-zero exit or timeout): for the lessons where a ping must not get through. */
  toFail(): void {
    const r = this.result();
    this.check(r.exitCode !== 0 || r.timedOut, `expected ${what(r)} to fail, but it succeeded:\n${r.stdout.trim()}`, `expected ${what(r)} to succeed, but it exited with ${r.exitCode}`);
  }

  /** stdout (or, for a result, stdout+stderr) contains this text. */
  toContain(text: string): void {
    const hay = isResult(this.actual) ? this.actual.stdout + this.actual.stderr : String(this.actual);
    this.check(hay.includes(text), `expected output to contain ${JSON.stringify(text)}; it was:\n${hay.trim()}`, `expected output not to contain ${JSON.stringify(text)}`);
  }

  toMatch(re: RegExp): void {
    const hay = isResult(this.actual) ? this.actual.stdout + this.actual.stderr : String(this.actual);
    this.check(re.test(hay), `expected output to match ${re}; it was:\n${hay.trim()}`, `expected output not to match ${re}`);
  }

  /** For show.counters(): this policy or rule's counter moved during the action. */
  toHaveCounted(sel: CounterSelector): void {
    const deltas = (this.actual as { deltas?: CounterDelta[] }).deltas;
    if (!Array.isArray(deltas)) throw new ExpectationError("toHaveCounted() takes what show.counters() returned", this.origin);
    const exact = sel.packets !== undefined || sel.bytes !== undefined;
    const count = exact ? ` exactly ${[sel.packets !== undefined ? `${sel.packets} packets` : "", sel.bytes !== undefined ? `${sel.bytes} bytes` : ""].filter(Boolean).join(", ")}` : " packets";
    const hits = deltas.filter((d) => matchDelta(d, sel));
    this.check(hits.some((d) => countMatches(d, sel)), `expected ${describeSelector(sel)} to count${count}, but ${describeDeltas(exact && hits.length ? hits : deltas)}`, `expected ${describeSelector(sel)} not to count${count}, but it did (${describeDeltas(hits)})`);
  }

  private walk(): PacketWalk {
    if (!isWalk(this.actual)) throw new ExpectationError(`expected a packet walk (what show.trace() returns), got ${inspect(this.actual, { depth: 1 })}`, this.origin);
    return this.actual;
  }

  /** For show.trace(): a packet passed this table:chain (and rule, or policy). */
  toHavePassed(sel: StepSelector): void {
    const walk = this.walk();
    const hits = findSteps(walk, sel);
    this.check(hits.length > 0, `expected ${describeStepSelector(sel)}, but none did; ${walkForMessage(walk)}`, `expected no packet to pass ${[sel.table, sel.chain].filter(Boolean).join(":")}, but packet #${hits[0]?.packet.index} did; ${walkForMessage(walk)}`);
  }

  /** For show.trace(): the packet (the first request by default) ended with this verdict, there. */
  toEndWith(verdict: "ACCEPT" | "DROP" | string, sel: Omit<StepSelector, "verdict"> = {}): void {
    const walk = this.walk();
    const where = [sel.table, sel.chain].filter(Boolean).join(":");
    const what = `${sel.packet !== undefined ? `packet #${sel.packet}` : `the ${sel.direction ?? "first packet"}`} to end with ${verdict}${where ? ` in ${where}` : ""}${sel.policy === true ? " (its policy)" : sel.policy === false ? " (a rule)" : ""}`;
    this.check(endsWith(walk, verdict, sel), `expected ${what}, but it did not; ${walkForMessage(walk)}`, `expected ${what.replace(" to end", " not to end")}, but it did; ${walkForMessage(walk)}`);
  }

  /** For show.trace(): NAT rewrote a source or destination to this address[:port]. */
  toHaveRewritten(sel: RewriteSelector): void {
    const walk = this.walk();
    if (!sel.src && !sel.dst) throw new ExpectationError("toHaveRewritten() needs { src } or { dst }: the address (and port) it became", this.origin);
    const all = rewrites(walk);
    const wanted = (["src", "dst"] as const).filter((f) => sel[f]);
    const ok = wanted.every((f) => all.some((r) => rewriteMatches(r, f, sel[f]!, sel)));
    const claim = wanted.map((f) => `${f} -> ${sel[f]}`).join(" and ");
    const seen = all.length ? `these were: ${all.map((r) => `#${r.packet} ${r.field} ${r.before} -> ${r.after} (${r.by}${r.inferred ? ", inferred" : ""})`).join("; ")}` : "no address was rewritten";
    this.check(ok, `expected NAT to rewrite ${claim}${sel.by ? ` by ${sel.by}` : ""}, but ${seen}; ${walkForMessage(walk)}`, `expected no rewrite ${claim}, but ${seen}`);
  }

  toBe(expected: unknown): void {
    this.check(Object.is(this.actual, expected), `expected ${inspect(this.actual)} to be ${inspect(expected)}`, `expected ${inspect(this.actual)} not to be ${inspect(expected)}`);
  }

  toEqual(expected: unknown): void {
    this.check(isDeepStrictEqual(this.actual, expected), `expected ${inspect(this.actual, { depth: 4 })} to equal ${inspect(expected, { depth: 4 })}`, `expected ${inspect(this.actual)} not to equal ${inspect(expected)}`);
  }

  toBeTruthy(): void {
    this.check(Boolean(this.actual), `expected ${inspect(this.actual)} to be truthy`, `expected ${inspect(this.actual)} to be falsy`);
  }
}

export function expect<T>(actual: T): Expectation<T> {
  return new Expectation(actual);
}
