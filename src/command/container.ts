// Commands inside a Docker container of a lab machine (`vm1.container("red")`), the way
// `docker exec red …` runs them: in the container's namespaces (mount, so its own files and
// busybox; network; PID; UTS), found through the engine. nsenter rather than `docker exec`:
// it stays in the command's process group on the VM, so an interrupt or a timeout stops what
// runs in the container too (a `docker exec` client dies and leaves its process running).
import { quote } from "./quote.js";

/** Docker's own rule for container names (or an id). */
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function checkContainerName(name: string): void {
  if (!NAME.test(name)) {
    throw new Error(`"${name}" is not a Docker container name: a name starts with a letter or digit and goes on with letters, digits, '_', '.' or '-' (as \`docker ps --format '{{.Names}}'\` lists them)`);
  }
}

/** Exit code when the container is not there or not running (docker exec uses 125 for
 *  errors of its own, before the command runs). */
export const NO_CONTAINER_EXIT = 125;

/** The script that runs `script` inside the container (with its sh: busybox has no bash). */
export function inContainer(name: string, script: string): string {
  checkContainerName(name);
  const q = quote(name);
  return [
    `_vb_pid=$(docker inspect --format '{{if .State.Running}}{{.State.Pid}}{{end}}' ${q} 2>/dev/null)`,
    `if [ -z "$_vb_pid" ]; then`,
    `  if docker inspect ${q} >/dev/null 2>&1; then echo "vethbook: container ${name} on $(hostname) is not running (docker start ${name} starts it again)" >&2;`,
    `  else echo "vethbook: no container named ${name} on $(hostname) (docker ps -a lists the containers there)" >&2; fi`,
    `  exit ${NO_CONTAINER_EXIT}`,
    `fi`,
    `nsenter --target "$_vb_pid" --all sh -c ${quote(script)}`,
  ].join("\n");
}

/** `script` as it runs where a command was scoped: a Docker container, a named network
 *  namespace (`ip netns exec`), or the machine itself. */
export function scoped(script: string, where: { netns?: string; container?: string }): string {
  if (where.container) return inContainer(where.container, script);
  if (where.netns) return `ip netns exec ${quote(where.netns)} bash -c ${quote(script)}`;
  return script;
}
