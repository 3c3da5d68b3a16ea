// Turning what ssh (or sudo behind it) printed when a connection failed into an error a
// person can act on: what ran, where, what it printed, and what to do. Pure.
import { parseDestination } from "./_destination.js";

export type SshFailureKind =
  | "unresolved" | "unreachable" | "refused" | "timeout" | "closed"
  | "auth" | "host-key-changed" | "host-key-unknown"
  | "sudo-password" | "sudo-missing" | "sudo-tty" | "other";

/** What `ssh -G` says it would use, for naming files in messages. */
export interface ResolvedSsh {
  user?: string;
  hostname?: string;
  port?: string;
  identityFiles: string[];
  knownHostsFiles: string[];
  strictHostKeyChecking?: string;
}

export interface SshFailure {
  /** "vm1 (ssh)" */
  target: string;
  /** user@host:port as the caller named it. */
  destination: string;
  /** The ssh command line, for "ran: ...". */
  ran: string;
  stderr: string;
  exitCode?: number;
  resolved?: ResolvedSsh;
  /** How to bring the machine up, e.g. "vagrant up vm1" (run in /path/to/lab). */
  upHint?: string;
  /** Identity files that exist, when the caller knows them better than ssh -G. */
  identityFiles?: string[];
  /** How a person logs in by hand: "ssh -p 2222 vagrant@127.0.0.1" (default: from destination). */
  sshCommand?: string;
}

export class SshConnectError extends Error {
  constructor(message: string, readonly kind: SshFailureKind, readonly stderr: string) {
    super(message);
    this.name = "SshConnectError";
  }
}

/** Parse `ssh -G host` output ("key value" per line) into the few fields messages use. */
export function parseSshG(text: string): ResolvedSsh {
  const out: ResolvedSsh = { identityFiles: [], knownHostsFiles: [] };
  for (const line of text.split("\n")) {
    const m = line.match(/^(\S+)\s+(.*)$/);
    if (!m) continue;
    const [, key, value] = m as unknown as [string, string, string];
    if (key === "user") out.user = value;
    else if (key === "hostname") out.hostname = value;
    else if (key === "port") out.port = value;
    else if (key === "identityfile") out.identityFiles.push(value);
    else if (key === "userknownhostsfile") out.knownHostsFiles.push(...value.split(/\s+/));
    else if (key === "stricthostkeychecking") out.strictHostKeyChecking = value;
  }
  return out;
}

function classify(stderr: string): SshFailureKind {
  const s = stderr;
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(s)) return "host-key-changed";
  if (/Host key verification failed|No \S+ host key is known for/i.test(s)) return "host-key-unknown";
  if (/Permission denied \(/i.test(s)) return "auth";
  if (/Could not resolve hostname/i.test(s)) return "unresolved";
  if (/Connection refused/i.test(s)) return "refused";
  if (/timed out|Operation timed out/i.test(s)) return "timeout";
  if (/No route to host|Network is unreachable|Host is down/i.test(s)) return "unreachable";
  if (/sudo: (a password is required|\d+ incorrect password)|is not in the sudoers file|may not run sudo|not allowed to execute/i.test(s)) return "sudo-password";
  if (/sudo: (command )?not found|sudo: No such file/i.test(s)) return "sudo-missing";
  if (/must have a tty to run sudo|a terminal is required/i.test(s)) return "sudo-tty";
  if (/Connection closed|Connection reset|kex_exchange_identification|Broken pipe/i.test(s)) return "closed";
  return "other";
}

function cleanStderr(stderr: string): string {
  return stderr
    .split("\n")
    .filter((l) => l.trim() && !/^@+$/.test(l.trim()))
    .slice(-12)
    .join("\n");
}

export function explainSshFailure(f: SshFailure): SshConnectError {
  const kind = classify(f.stderr);
  const r = f.resolved;
  const user = r?.user ?? "the login user";
  // ssh names the address and port it actually tried ("connect to host H port P: ...").
  const tried = f.stderr.match(/connect to host (\S+) port (\d+)/);
  const host = tried?.[1] ?? r?.hostname ?? f.destination;
  const port = tried?.[2] ?? r?.port ?? "22";
  const up = f.upHint ?? "check that the machine is on and its address is right";
  const known = r?.knownHostsFiles.length ? r.knownHostsFiles.join(" or ") : "~/.ssh/known_hosts";
  const keys = f.identityFiles ?? r?.identityFiles ?? [];
  const keyList = keys.length ? keys.join(", ") : "the keys ssh found (none given)";
  const login = f.sshCommand ?? loginCommand(f.destination);
  const sudoers = `/etc/sudoers.d/vethbook-${user.replace(/[^\w-]/g, "_")}`;
  let what: string;
  let fix: string;
  switch (kind) {
    case "unresolved":
      what = `the name ${host} is neither an address, a name DNS or /etc/hosts knows, nor a Host in your ssh_config`;
      fix = "check the spelling, or give the address (user@192.168.50.10), or add a Host entry to ~/.ssh/config";
      break;
    case "unreachable":
    case "timeout":
      what = `${host} port ${port} cannot be reached (${kind === "timeout" ? "the connection timed out" : "no route to it"})`;
      fix = `is the VM up? ${up}`;
      break;
    case "refused":
      what = `${host} refused the connection on port ${port}: nothing listens there`;
      fix = `is the VM up and its sshd running? ${up}; on another host: \`systemctl status ssh\` there, and check the port`;
      break;
    case "closed":
      what = `${host} closed the connection before login (sshd's MaxStartups, a firewall, or a ProxyCommand that failed)`;
      fix = `look at what ssh printed below; try \`${login.replace(/^ssh /, "ssh -v ")}\` by hand`;
      break;
    case "auth":
      what = `${host} refused the key for ${user}: ${keyList} ${keys.length === 1 ? "is" : "are"} not in ~${user}/.ssh/authorized_keys there`;
      fix = `give ssh the right key (IdentityFile in ssh_config, or the target's identityFile), or install this one: \`${login.replace(/^ssh /, `ssh-copy-id -i ${keys[0] ?? "~/.ssh/id_ed25519"}.pub `)}\`; for a Vagrant VM \`vagrant ssh-config\` names the key Vagrant made`;
      break;
    case "host-key-changed": {
      const offending = f.stderr.match(/Offending \S+ key in (\S+):(\d+)/);
      what = `the host key ${host} presented is not the one recorded in ${offending ? `${offending[1]} line ${offending[2]}` : known}`;
      fix = `if the machine was re-created (vagrant destroy/up, a reinstall) that is expected: \`ssh-keygen -R ${hostKeyName(host, port)} -f ${offending?.[1] ?? known.split(" or ")[0]}\`, then connect once by hand to record the new key; otherwise someone may be in the middle, so find out why before you connect`;
      break;
    }
    case "host-key-unknown":
      what = `the host key of ${host} is not in ${known}, and host keys are checked (StrictHostKeyChecking ${r?.strictHostKeyChecking ?? "ask"}, BatchMode yes: nobody can answer "yes")`;
      fix = `check the key's fingerprint on the machine (\`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\`) and record it: \`ssh-keyscan -p ${port} ${host} >> ${known.split(" or ")[0]}\` (compare!), or connect once with \`${login}\` and answer yes, or set \`StrictHostKeyChecking accept-new\` for this host in ssh_config`;
      break;
    case "sudo-password":
      what = `${user} logged in, but cannot become root without a password (\`sudo -n\` refused)`;
      fix = `give ${user} passwordless sudo on ${host}: \`echo '${user} ALL=(ALL) NOPASSWD:ALL' | sudo tee ${sudoers} && sudo chmod 0440 ${sudoers}\`, or connect as root`;
      break;
    case "sudo-missing":
      what = `${user} is not root and sudo is not installed on ${host}`;
      fix = `as root there: \`apt-get install sudo && echo '${user} ALL=(ALL) NOPASSWD:ALL' > ${sudoers}\`, or connect as root`;
      break;
    case "sudo-tty":
      what = `sudo on ${host} insists on a terminal (Defaults requiretty)`;
      fix = `add \`Defaults:${user} !requiretty\` to ${sudoers} there, or connect as root`;
      break;
    default:
      what = `ssh failed${f.exitCode !== undefined ? ` (exit ${f.exitCode})` : ""} before the remote shell started`;
      fix = `try \`${login.replace(/^ssh /, "ssh -v ")}\` by hand to see why`;
  }
  const printed = cleanStderr(f.stderr);
  const msg = `${f.target}: cannot open a shell on ${f.destination}: ${what}.\n` +
    `fix: ${fix}.\n` +
    `ran: ${f.ran}\n` +
    (printed ? `it printed${f.exitCode !== undefined ? ` (exit ${f.exitCode})` : ""}:\n${indent(printed)}` : "it printed nothing");
  return new SshConnectError(msg, kind, f.stderr);
}

function loginCommand(destination: string): string {
  try {
    const d = parseDestination(destination);
    return `ssh ${d.port ? `-p ${d.port} ` : ""}${d.user ? `${d.user}@` : ""}${d.host}`;
  } catch {
    return `ssh ${destination}`;
  }
}

function hostKeyName(host: string, port: string): string {
  return port === "22" ? host : `'[${host}]:${port}'`;
}

function indent(text: string): string {
  return text.split("\n").map((l) => `  ${l}`).join("\n");
}
