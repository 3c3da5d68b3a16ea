// The one script a snapshot runs: every namespace's links, addresses, routes, neighbours,
// fdb, ids, sysctls and rulesets, printed as sections between \x1d markers. Named
// namespaces are read in parallel; `ip -n` needs no `ip netns exec`, only iptables does.
// Running Docker containers are read too (entered by their PID, found with docker
// inspect), but only when the VM has a veth named as Docker names them (veth + 7 hex
// digits): no docker call otherwise.

/** Marks a section: GS "VB <section> =<namespace>" GS newline ("=" alone: the VM itself). */
export const MARK = "\x1d";

/** Kernel settings a snapshot reads in every namespace (missing ones are left out). */
export const SNAPSHOT_SYSCTLS: readonly string[] = [
  "net.ipv4.ip_forward",
  "net.ipv6.conf.all.forwarding",
  "net.bridge.bridge-nf-call-iptables",
  "net.bridge.bridge-nf-call-ip6tables",
  "net.ipv4.conf.all.route_localnet",
];

/** What each section holds, by the command that prints it (`-n NAME` added per namespace). */
export const SECTION_COMMANDS: Readonly<Record<string, string>> = {
  ip: "ip -j -d -batch -",
  link: "ip -j -d addr show",
  route: "ip -j route show table all",
  neigh: "ip -j neigh show",
  nsids: "ip -j netns list-id",
  fdb: "bridge -j fdb show",
  sysctl: "sysctl",
  iptables: "iptables-save -c",
  ip6tables: "ip6tables-save -c",
  exec: "ip netns exec",
  containers: "docker inspect -f '{{.Name}} {{.State.Pid}}' $(docker ps -q)",
};

/** A container's sections carry its name after this prefix (no `ip netns` name has it). */
export const CONTAINER_PREFIX = "@";

/** The `ip` section is one `ip -batch` run: one JSON array a line, for these sections. */
export const IP_BATCH: readonly { section: string; command: string }[] = [
  { section: "link", command: "addr show" },
  { section: "route", command: "route show table all" },
  { section: "neigh", command: "neigh show" },
  { section: "nsids", command: "netns list-id" },
];

/**
 * Per named namespace the script starts five programs: ip netns exec, sh, one
 * `ip -batch`, iptables-save and ip6tables-save (plus `bridge` where a bridge exists).
 * All namespaces are read in parallel (the VM's own, the biggest, first); their parts
 * are printed in order.
 */
export function snapshotScript(): string {
  const sysctls = SNAPSHOT_SYSCTLS.map((k) => `${k}:/proc/sys/${k.replace(/\./g, "/")}`).join(" ");
  // Plain POSIX sh, so a namespace costs a dash, not a bash (dash's `read` fails on /proc
  // files even when it read the value, hence the test of $v). Cooked template: `\\n` is
  // a backslash-n for printf. $1: namespace ("" for the VM), $2: scratch file, $3: marker.
  const inner = `NS=$1; E=$2; G=$3
sec() { printf '%sVB %s =%s%s\\n' "$G" "$1" "$NS" "$G"; }
end() { if [ "$1" != 0 ]; then printf '%sRC %s%s\\n' "$G" "$1" "$G"; cat "$E" 2>/dev/null; fi; }
sec ip; ip -j -d -batch - 2> "$E" <<'IPBATCH'
${IP_BATCH.map((b) => b.command).join("\n")}
IPBATCH
end $?
# (a container is entered by nsenter alone, so /sys is still the VM's: no bridges of its own there)
br=; case $NS in "") br=1 ;; @*) ;; *) for b in /sys/class/net/*/bridge; do [ -d "$b" ] && br=1 && break; done ;; esac
if [ -n "$br" ]; then sec fdb; bridge -j fdb show 2> "$E"; end $?; fi
sec sysctl
for kf in ${sysctls}; do f=\${kf#*:}; v=; [ -r "$f" ] && read -r v < "$f"; [ -n "$v" ] && printf '%s=%s\\n' "\${kf%%:*}" "$v"; done
sec iptables; iptables-save -c 2> "$E"; end $?
sec ip6tables; ip6tables-save -c 2> "$E"; end $?
`;
  return `T=$(mktemp -d "\${TMPDIR:-/tmp}/vethbook-snap.XXXXXX") || exit 70
trap 'rm -rf "$T"' EXIT
INNER=${shellQuote(inner)}
G=$'\\x1d'
printf '%sVB hostname =%s\\n' "$G" "$G"; read -r h < /proc/sys/kernel/hostname; printf '%s\\n' "$h"
( set -- "" "$T/root" "$G"; eval "$INNER" ) > "$T/out.0000" &
printf '%sVB netns =%s\\n' "$G" "$G"
i=0
for p in /run/netns/*; do
  n=\${p##*/}
  [ -f "$p" ] && [[ $n =~ ^[A-Za-z0-9_.-]+$ ]] || continue
  printf '%s\\n' "$n"
  i=$((i+1)); printf -v f '%s/out.%04d' "$T" "$i"
  ( ip netns exec "$n" sh -c "$INNER" sh "$n" "$f.in" "$G" 2> "$f.err" || printf '%sVB exec =%s%s\\n%sRC %s%s\\n%s\\n' "$G" "$n" "$G" "$G" "$?" "$G" "$(cat "$f.err")" ) > "$f" &
done
# (/proc/net is this shell's namespace's view; a sandbox VM's /sys may not be)
dk=; while read -r d _; do [[ $d =~ ^veth[0-9a-f]{7}:$ ]] && dk=1 && break; done < /proc/net/dev
printf '%sVB containers =%s\\n' "$G" "$G"
if [ -n "$dk" ] && command -v docker >/dev/null 2>&1; then
  while read -r n pid; do
    n=\${n#/}
    # (--network host: the VM's own namespace, already read)
    [[ $n =~ ^[A-Za-z0-9_.-]+$ && $pid =~ ^[1-9][0-9]*$ ]] && ! [[ /proc/$pid/ns/net -ef /proc/$$/ns/net ]] || continue
    printf '%s\\n' "$n"
    i=$((i+1)); printf -v f '%s/out.%04d' "$T" "$i"
    ( nsenter -t "$pid" -n sh -c "$INNER" sh "@$n" "$f.in" "$G" 2> "$f.err" || printf '%sVB exec =@%s%s\\n%sRC %s%s\\n%s\\n' "$G" "$n" "$G" "$G" "$?" "$G" "$(cat "$f.err")" ) > "$f" &
  done < <(ids=$(docker ps -q 2>/dev/null) && [ -n "$ids" ] && docker inspect -f '{{.Name}} {{.State.Pid}}' $ids 2>/dev/null)
fi
wait
cat "$T"/out.[0-9][0-9][0-9][0-9]
`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
