// What the kernel cannot take back by itself when a lab dies: the cgroup folders
// Docker's engines made under the (shared, v1) cgroup hierarchies.
import { readdirSync, rmdirSync, statSync } from "node:fs";
import { join } from "node:path";

const CGROUP_ROOT = "/sys/fs/cgroup";

/** Every cgroup folder of vethbook labs, optionally only those of one lab. */
export function labCgroups(labId?: string): string[] {
  const prefix = labId ? `vethbook-${labId}-` : "vethbook-";
  const found: string[] = [];
  let controllers: string[] = [];
  try {
    controllers = readdirSync(CGROUP_ROOT);
  } catch {
    return found;
  }
  for (const c of controllers) {
    const dir = join(CGROUP_ROOT, c);
    let names: string[] = [];
    try {
      if (!statSync(dir).isDirectory()) continue;
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) if (n.startsWith(prefix)) found.push(join(dir, n));
  }
  return found;
}

function removeTree(dir: string): boolean {
  let ok = true;
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) ok = removeTree(join(dir, e.name)) && ok;
    }
    rmdirSync(dir);
  } catch (e: any) {
    if (e?.code !== "ENOENT") ok = false;
  }
  return ok;
}

/** Remove the cgroup folders; returns those that could not be removed (still busy). */
export function removeCgroups(dirs: string[]): string[] {
  return dirs.filter((d) => !removeTree(d));
}

/** The janitor: a detached shell that waits for the lab's last process to close its
 *  pipe, then removes the lab's cgroup folders and its record. */
export function janitorScript(labId: string, labFile: string): string {
  return `cat >/dev/null
for i in $(seq 100); do
  left=0
  for d in ${CGROUP_ROOT}/*/vethbook-${labId}-*; do
    [ -d "$d" ] || continue
    find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
    [ -d "$d" ] && left=1
  done
  [ $left = 0 ] && break
  sleep 0.1
done
rm -f ${labFile}
exit 0
`;
}
