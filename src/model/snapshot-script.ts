// The one script a snapshot runs: every namespace's links, addresses, routes, neighbours,
// fdb, ids, sysctls and rulesets, printed as sections between \x1d markers. Named
// namespaces are read in parallel; `ip -n` needs no `ip netns exec`, only iptables does.

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
  link: "ip -j -d addr show",
  route: "ip -j route show table all",
  neigh: "ip -j neigh show",
  fdb: "bridge -j fdb show",
  nsids: "ip -j netns list-id",
  sysctl: "sysctl",
  iptables: "iptables-save -c",
  ip6tables: "ip6tables-save -c",
};

export function snapshotScript(): string {
  // Cooked templates: `\${` is a literal "${" for bash, `\\` a backslash.
  const common = `G=$'\\x1d'
sec() { printf '%sVB %s =%s%s\\n' "$G" "$1" "$NS" "$G"; }
end() { local rc=$1; if [ "$rc" != 0 ]; then printf '%sRC %s%s\\n' "$G" "$rc" "$G"; cat "$E" 2>/dev/null; fi; }
`;
  // Runs inside each namespace (via ip netns exec), or directly for the VM itself.
  const inner = `${common}sec sysctl
for k in ${SNAPSHOT_SYSCTLS.join(" ")}; do f=/proc/sys/\${k//.//}; [ -r "$f" ] && read -r v < "$f" && printf '%s=%s\\n' "$k" "$v"; done
sec iptables; iptables-save -c 2>"$E"; end $?
sec ip6tables; ip6tables-save -c 2>"$E"; end $?
`;
  return `T=$(mktemp -d "\${TMPDIR:-/tmp}/vethbook-snap.XXXXXX") || exit 70
trap 'rm -rf "$T"' EXIT
INNER=${shellQuote(inner)}
${common}ipsec() { local s=$1; shift; sec "$s"; "$@" 2>"$E"; end $?; }
one() {
  local a=(); [ -n "$NS" ] && a=(-n "$NS")
  ipsec link ip "\${a[@]}" -j -d addr show
  ipsec route ip "\${a[@]}" -j route show table all
  ipsec neigh ip "\${a[@]}" -j neigh show
  ipsec fdb bridge "\${a[@]}" -j fdb show
  ipsec nsids ip "\${a[@]}" -j netns list-id
  if [ -n "$NS" ]; then
    sec exec; ip netns exec "$NS" env NS="$NS" E="$E.x" bash --noprofile --norc -c "$INNER" 2>"$E"; end $?
  else
    eval "$INNER"
  fi
}
NS=
sec hostname; read -r h < /proc/sys/kernel/hostname; printf '%s\\n' "$h"
sec netns
i=0
for p in /run/netns/*; do
  n=\${p##*/}
  [ -f "$p" ] && [[ $n =~ ^[A-Za-z0-9_.-]+$ ]] || continue
  printf '%s\\n' "$n"
  i=$((i+1)); printf -v f '%s/out.%04d' "$T" "$i"
  ( NS=$n E="$f.err" one > "$f" ) &
done
( NS= E="$T/root.err" one > "$T/out.0000" )
wait
cat "$T"/out.[0-9][0-9][0-9][0-9]
`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
