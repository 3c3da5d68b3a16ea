// The sandbox VMs run no systemd, yet the course's commands say `systemctl restart docker`
// after editing /etc/docker/daemon.json. Each VM gets this small `systemctl` in place of
// the machine's: it knows one unit, docker.service, and runs that VM's dockerd with the
// flags the lab starts it with, reading the VM's own /etc/docker/daemon.json as dockerd
// always does. Anything else gets a plain answer that there is no systemd here.

export interface ShimOptions {
  hostname: string;
  /** dockerd's command line in this VM; absent when the VM has no Docker engine. */
  dockerd?: readonly string[];
}

/** Where the lab keeps dockerd's log and the unit's state inside each VM. */
export const DOCKERD_LOG = "/run/vethbook/dockerd.log";
export const DOCKER_PIDFILE = "/run/docker.pid";
export const DOCKER_SOCKET = "/run/docker.sock";

const NO_DOCKER = `known() { return 1; }
`;

function dockerUnit(dockerd: readonly string[]): string {
  const args = dockerd.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(" ");
  return String.raw`DOCKERD=(${args})
LOG=${DOCKERD_LOG}
PIDFILE=${DOCKER_PIDFILE}
STATE=/run/vethbook/docker.unit
known() { case "$1" in docker|docker.service) return 0;; esac; return 1; }

# The running dockerd's PID, or nothing.
# (bash builtins only: start and stop ask these every few milliseconds, and each program
# they started would take CPU from the dockerd being waited for)
main_pid() {
  local p= c=
  # (dockerd writes its PID without a newline: read then fails, having read it)
  { read -r p || [ -n "$p" ]; } 2>/dev/null <"$PIDFILE" || return 1
  alive "$p" && read -r c 2>/dev/null </proc/$p/comm && [ "$c" = dockerd ] && echo "$p"
}
# (The file in one read: line by line, bash seeks back after each line, and /proc makes the
# file anew at each seek; while a process execs, its Name line changes length under the seeks.)
alive() {
  local s=
  [ -n "$1" ] && [ -e /proc/$1 ] || return 1
  read -r -d '' s 2>/dev/null </proc/$1/status
  case $s in *$'\nState:\tZ'*) return 1 ;; *$'\nState:'*) return 0 ;; esac
  return 1
}
# systemd's words for the unit's state: active, inactive or failed.
state() {
  if main_pid >/dev/null; then echo active; return; fi
  [ "$(sed -n 's/^result=//p' "$STATE" 2>/dev/null)" = failed ] && echo failed || echo inactive
}
record() { printf 'since=%s\nresult=%s\n' "$(date +%s)" "$1" >"$STATE"; }
ping_api() { curl -fsS -m 1 --unix-socket ${DOCKER_SOCKET} http://localhost/_ping >/dev/null 2>&1; }

start_unit() {
  [ "$(state)" = active ] && return 0
  mkdir -p /run/vethbook/docker
  echo "-- $(date '+%b %d %H:%M:%S') $HOST systemctl: Starting Docker Application Container Engine..." >>"$LOG"
  # As systemd does: dockerd starts in the VM's own namespaces (even when systemctl runs inside
  # "ip netns exec"), with a clean environment, in a session of its own, and outlives this command.
  nsenter -t 1 -n -m -- env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    setsid --wait "${"$"}{DOCKERD[@]}" </dev/null >>"$LOG" 2>&1 &
  local launched=$! k
  # Type=notify: systemctl start returns once the engine answers.
  # The socket appears before the API serves; curl then waits (up to 1 s) for the answer.
  for k in $(seq 1500); do
    if [ -S ${DOCKER_SOCKET} ] && ping_api && main_pid >/dev/null; then record success; return 0; fi
    alive "$launched" || main_pid >/dev/null || break
    sleep 0.02
  done
  alive "$launched" && kill -KILL "$launched" 2>/dev/null
  record failed
  echo "Job for docker.service failed because the control process exited with error code." >&2
  echo "See \"systemctl status docker.service\" for details (dockerd's log in this sandbox VM: $LOG)." >&2
  return 1
}

stop_unit() {
  local p k
  p=$(main_pid) || { [ "$(state)" = failed ] || record success; return 0; }
  echo "-- $(date '+%b %d %H:%M:%S') $HOST systemctl: Stopping Docker Application Container Engine..." >>"$LOG"
  kill -TERM "$p"
  # dockerd stops its containers first (unless "live-restore" is on); wait for all of it, as systemd does.
  for k in $(seq 1800); do alive "$p" || break; sleep 0.05; done
  if alive "$p"; then kill -KILL "$p"; for k in $(seq 100); do alive "$p" || break; sleep 0.05; done; fi
  record success
}

reload_unit() {
  local p
  p=$(main_pid) || { echo "docker.service is not active, cannot reload." >&2; return 1; }
  # docker.service's ExecReload: dockerd re-reads the options daemon.json may change live.
  kill -HUP "$p"
}

ago() {
  local s=$(( $(date +%s) - $1 ))
  if [ $s -lt 60 ]; then echo "${"$"}{s}s ago"
  elif [ $s -lt 3600 ]; then echo "$((s / 60))min $((s % 60))s ago"
  else echo "$((s / 3600))h $((s % 3600 / 60))min ago"; fi
}

status_unit() {
  local st p since dot='●' line
  st=$(state); p=$(main_pid)
  since=$(sed -n 's/^since=//p' "$STATE" 2>/dev/null)
  [ "$st" = inactive ] && dot='○'
  echo "$dot docker.service - Docker Application Container Engine"
  echo "     Loaded: loaded (vethbook sandbox: $0 stands in for systemd, which this VM does not run; enabled)"
  case "$st" in
    active) line="active (running)";;
    failed) line="failed (Result: exit-code)";;
    *) line="inactive (dead)";;
  esac
  if [ -n "$since" ]; then
    echo "     Active: $line since $(date -d "@$since" '+%a %Y-%m-%d %H:%M:%S %Z'); $(ago "$since")"
  else
    echo "     Active: $line"
  fi
  echo "       Docs: https://docs.docker.com"
  if [ -n "$p" ]; then
    echo "   Main PID: $p (dockerd)"
    { ps -o pid=,args= -p "$p"; ps -o pid=,args= --ppid "$p"; } | cut -c1-200 |
      awk '{ sub(/^ +/, ""); l[NR] = $0 } END { for (i = 1; i <= NR; i++) printf "%s%s%s\n", (i == 1 ? "  Processes: " : "             "), (i == NR ? "└─" : "├─"), l[i] }'
  fi
  echo
  tail -n 10 "$LOG" 2>/dev/null | cut -c1-240 | sed "s/^/$HOST dockerd: /"
  [ "$st" = active ]
}
`;
}

/** The shim's whole text, for one VM. Pure: same options, same text. */
export function systemctlShim(options: ShimOptions): string {
  return String.raw`#!/bin/bash
# systemctl for a vethbook sandbox VM, which runs no systemd. Made by the lab; lives only
# inside this VM's mount namespace, over the machine's own systemctl.
HOST=${options.hostname}
${options.dockerd ? dockerUnit(options.dockerd) : NO_DOCKER}
units() { ${options.dockerd ? `echo "docker.service (the VM's Docker engine)"` : `echo "none (this VM has no Docker engine)"`}; }
explain() {
  echo "systemctl: this sandbox VM ($HOST) has no systemd; vethbook's systemctl knows: $(units)." >&2
  echo "  It understands: systemctl start|stop|restart|reload|status|is-active|is-enabled <unit>, and daemon-reload." >&2
}

verb=
targets=()
for a in "$@"; do
  case "$a" in
    -*) ;;  # --no-pager, -q, --now, -l ...: nothing to change here
    *) if [ -z "$verb" ]; then verb=$a; else targets+=("$a"); fi;;
  esac
done

case "$verb" in
  daemon-reload) exit 0;;
  start|stop|restart|try-restart|reload|status|is-active|is-enabled) ;;
  *) explain; exit 1;;
esac
if [ ${"$"}{#targets[@]} -eq 0 ]; then
  echo "Too few arguments." >&2; explain; exit 1
fi

rc=0
for u in "${"$"}{targets[@]}"; do
  if ! known "$u"; then
    unit=$u; case "$unit" in *.*) ;; *) unit=$unit.service;; esac
    case "$verb" in
      status) echo "Unit $unit could not be found." >&2; rc=4;;
      is-active) echo inactive; rc=3;;
      is-enabled) echo "Failed to get unit file state for $unit: No such file or directory" >&2; rc=1;;
      *) echo "Failed to $verb $unit: Unit $unit not found." >&2; rc=5;;
    esac
    explain
    continue
  fi
  case "$verb" in
    start) start_unit || rc=1;;
    stop) stop_unit || rc=1;;
    restart) stop_unit && start_unit || rc=1;;
    try-restart) if [ "$(state)" = active ]; then stop_unit && start_unit || rc=1; fi;;
    reload) reload_unit || rc=1;;
    status) status_unit || rc=3;;
    is-active) s=$(state); echo "$s"; [ "$s" = active ] || rc=3;;
    is-enabled) echo enabled;;
  esac
done
exit $rc
`;
}
