// A snapshot of a whole lab machine in one round trip: the script from snapshot-script.ts
// runs once; the pure splitter below turns its sectioned output into a Snapshot.
import { parseBridgeFdb } from "../inspect/bridge-fdb.js";
import { ParseError } from "../inspect/errors.js";
import { parseIpLinks } from "../inspect/ip-link.js";
import { parseIpNeighbours } from "../inspect/ip-neigh.js";
import { parseIpRoutes } from "../inspect/ip-route.js";
import { parseIptablesSave } from "../inspect/iptables-save.js";
import { parseNetnsListId } from "../inspect/netns.js";
import { parseSysctls } from "../inspect/sysctl.js";
import type { Target } from "../command/target.js";
import { InterruptedError } from "../command/result.js";
import { CONTAINER_PREFIX, IP_BATCH, MARK, SECTION_COMMANDS, snapshotScript } from "./_snapshot-script.js";
import type { NamespaceState, Snapshot } from "./types.js";

export interface CollectOptions {
  timeoutMs?: number;
}

/** Everything a lab machine knows about its network, in one command. */
export async function collectSnapshot(target: Target, options: CollectOptions = {}): Promise<Snapshot> {
  const r = await target.run(snapshotScript(), { timeoutMs: options.timeoutMs ?? 30_000 });
  if (r.interrupted) throw new InterruptedError(r);
  if (r.exitCode !== 0) {
    throw new Error(`the snapshot script failed on ${target.name} (exit ${r.exitCode}${r.timedOut ? ", timed out" : ""}): ${r.stderr.trim() || "no error output"}`);
  }
  return parseSnapshotOutput(r.stdout, target.name);
}

/** One section of the script's output. */
export interface Section {
  name: string;
  /** "" for the machine itself, else the namespace's name. */
  namespace: string;
  stdout: string;
  /** Exit code of the section's command (0 unless an RC marker followed). */
  exitCode: number;
  /** What the command printed on stderr, when it failed. */
  stderr: string;
  /** The SECTION_COMMANDS key of the command that printed it, when not `name`. */
  command?: string;
}

/** Split the script's output at its markers. */
export function splitSections(text: string): Section[] {
  const sections: Section[] = [];
  const re = new RegExp(`${MARK}(VB ([\\w-]+) =([^${MARK}\\n]*)|RC (\\d+))${MARK}\\n?`, "g");
  let cur: Section | undefined;
  let from = 0;
  let inErr = false;
  const take = (to: number) => {
    if (!cur) {
      if (text.slice(from, to).trim()) throw new ParseError("vethbook snapshot", "output before the first section marker", undefined, text.slice(from, to).slice(0, 120));
      return;
    }
    if (inErr) cur.stderr += text.slice(from, to);
    else cur.stdout += text.slice(from, to);
  };
  for (let m = re.exec(text); m; m = re.exec(text)) {
    take(m.index);
    from = m.index + m[0].length;
    if (m[4] !== undefined) {
      if (!cur) throw new ParseError("vethbook snapshot", "an exit code before any section");
      cur.exitCode = Number(m[4]);
      inErr = true;
    } else {
      cur = { name: m[2]!, namespace: m[3]!, stdout: "", exitCode: 0, stderr: "" };
      sections.push(cur);
      inErr = false;
    }
  }
  take(text.length);
  return sections;
}

/** Turn the sectioned output into a Snapshot (namespaces: the VM first, then by name, then
 *  Docker's containers by name). */
export function parseSnapshotOutput(text: string, vm: string): Snapshot {
  const sections = splitSections(text);
  const warnings: string[] = [];
  const global = (name: string) => sections.find((s) => s.name === name && s.namespace === "");
  const hostname = global("hostname")?.stdout.trim() ?? "";
  const listed = (name: string) => (global(name)?.stdout ?? "").split("\n").map((l) => l.trim()).filter(Boolean);
  const named = listed("netns");
  // Each space: its key in the sections, its name in the snapshot, and what it is.
  const spaces: { key: string; name: string; container?: true }[] = [{ key: "", name: "" }, ...[...named].sort(compare).map((n) => ({ key: n, name: n }))];
  for (const c of [...listed("containers")].sort(compare)) {
    if (named.includes(c)) warnings.push(`container ${c} left out: a namespace of that name is already there`);
    else spaces.push({ key: `${CONTAINER_PREFIX}${c}`, name: c, container: true });
  }
  const byNs = new Map<string, Map<string, Section>>();
  for (const s of sections) {
    if (s.name === "hostname" || s.name === "netns" || s.name === "containers") continue;
    let m = byNs.get(s.namespace);
    if (!m) byNs.set(s.namespace, (m = new Map()));
    if (s.name === "ip") for (const part of splitIpBatch(s)) m.set(part.name, part);
    else m.set(s.name, s);
  }
  const namespaces: NamespaceState[] = [];
  for (const space of spaces) {
    const ns = space.name;
    const secs = byNs.get(space.key);
    const what = space.container ? "container" : "netns";
    const where = ns ? `${vm} ${what} ${ns}` : vm;
    if (!secs) {
      if (ns === "") throw new ParseError("vethbook snapshot", `no sections for ${vm} itself (was the output cut short?)`);
      warnings.push(`${what} ${ns} vanished while the snapshot was taken`);
      continue;
    }
    const exec = secs.get("exec");
    const link = secs.get("link");
    if (ns && (exec?.exitCode || link?.exitCode || !link)) {
      // Deleted between listing and reading it, or could not be entered.
      const s = link?.exitCode ? link : exec;
      const why = s ? `: ${s.stderr.trim() || `exit ${s.exitCode}`}` : "";
      warnings.push(/No such file|not exist|Cannot open|No such process/i.test(why) || !s ? `${what} ${ns} vanished while the snapshot was taken` : `could not read ${what} ${ns} on ${vm}${why}`);
      continue;
    }
    const get = <T>(name: string, parse: (text: string, command: string) => T, empty: T, optional: boolean): T => {
      const s = secs.get(name);
      const command = `${SECTION_COMMANDS[name]}${ns ? ` (in ${what} ${ns})` : ""}`;
      if (!s) {
        if (!optional) throw new ParseError("vethbook snapshot", `${where} has no ${name} section`);
        return empty;
      }
      if (s.exitCode !== 0) {
        const why = `\`${SECTION_COMMANDS[s.command ?? name]}\` failed on ${where} (exit ${s.exitCode}): ${s.stderr.trim() || "no error output"}`;
        if (!optional) throw new Error(why);
        warnings.push(why);
        return empty;
      }
      return parse(s.stdout, command);
    };
    namespaces.push({
      name: ns,
      ...(space.container ? { container: true as const } : {}),
      links: get("link", parseIpLinks, [], false),
      routes: get("route", parseIpRoutes, [], false),
      neighbours: get("neigh", parseIpNeighbours, [], false),
      fdb: get("fdb", parseBridgeFdb, [], true),
      nsids: get("nsids", parseNetnsListId, [], true),
      sysctls: get("sysctl", parseSysctls, {}, true),
      iptables: get("iptables", (t, c) => parseIptablesSave(t, "ipv4", c), { family: "ipv4", tables: [] }, true),
      ip6tables: get("ip6tables", (t, c) => parseIptablesSave(t, "ipv6", c), { family: "ipv6", tables: [] }, true),
    });
  }
  // Each named namespace's id as the VM itself sees it.
  const rootIds = namespaces[0]?.nsids ?? [];
  for (const n of namespaces) {
    const id = n.name ? rootIds.find((x) => x.name === n.name)?.nsid : undefined;
    if (id !== undefined) n.nsid = id;
  }
  const snap: Snapshot = { vm, hostname, namespaces };
  if (warnings.length) snap.warnings = warnings;
  return snap;
}

/** One `ip -batch` section -> its four sections (a failed batch: one failed "link"). */
function splitIpBatch(s: Section): Section[] {
  if (s.exitCode !== 0) return [{ ...s, name: "link", command: "ip" }];
  const lines = s.stdout.split("\n").filter((l) => l.trim() !== "");
  if (lines.length !== IP_BATCH.length) {
    throw new ParseError(`${SECTION_COMMANDS.ip}${s.namespace ? ` (in netns ${s.namespace})` : ""}`, `printed ${lines.length} lines, expected ${IP_BATCH.length} (${IP_BATCH.map((b) => b.command).join(", ")})`);
  }
  return IP_BATCH.map((b, i) => ({ ...s, name: b.section, stdout: lines[i]! }));
}

/** Plain code-unit order: the same everywhere, whatever the locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
