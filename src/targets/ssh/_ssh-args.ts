// The OpenSSH client's command line for one target. Pure: the same options always make
// the same argv, so tests and the benchmark's spawn-per-command baseline share it.
import { shellEnv } from "../_env.js";
import { formatDestination } from "./_destination.js";

export interface SshOptions {
  /** Host name, address or ssh_config alias. */
  host: string;
  user?: string;
  port?: number;
  /** Private keys to offer (`-i`), in order. */
  identityFile?: string | readonly string[];
  /** An ssh_config file to read instead of ~/.ssh/config (`-F`). */
  configFile?: string;
  /** Extra `-o` options (ProxyCommand, UserKnownHostsFile, StrictHostKeyChecking...).
   *  They come before the defaults below, and ssh keeps the first value it reads, so
   *  they override them. Host-key checking is left to ssh_config unless set here. */
  options?: Readonly<Record<string, string | number>>;
  /** Seconds to wait for the TCP connection (ConnectTimeout); default 10. */
  connectTimeoutSec?: number;
  /** Seconds between keep-alives (ServerAliveInterval; 3 missed = dead); default 15. */
  serverAliveIntervalSec?: number;
  /** The client to run; default "ssh". */
  sshBinary?: string;
}

/** Options whose value ssh takes as the rest of the line, never to be quoted. */
const RAW_VALUE = new Set(["proxycommand", "localcommand", "remotecommand", "knownhostscommand"]);

/** One `-o Key=Value` word, quoting a value with spaces the way ssh_config reads it. */
export function sshOption(key: string, value: string | number): string {
  let v = String(value);
  if (!RAW_VALUE.has(key.toLowerCase()) && /[\s"]/.test(v)) v = `"${v.replace(/(["\\])/g, "\\$1")}"`;
  return `${key}=${v}`;
}

function identityFiles(o: SshOptions): string[] {
  if (!o.identityFile) return [];
  return typeof o.identityFile === "string" ? [o.identityFile] : [...o.identityFile];
}

/** Everything before the destination: -F, -i, -p, -l and the -o options. */
export function sshClientArgs(o: SshOptions): string[] {
  const args: string[] = [];
  if (o.configFile) args.push("-F", o.configFile);
  for (const f of identityFiles(o)) args.push("-i", f);
  if (o.port) args.push("-p", String(o.port));
  if (o.user) args.push("-l", o.user);
  for (const [k, v] of Object.entries(o.options ?? {})) args.push("-o", sshOption(k, v));
  args.push(
    "-o", "BatchMode=yes",
    "-o", `ConnectTimeout=${o.connectTimeoutSec ?? 10}`,
    "-o", `ServerAliveInterval=${o.serverAliveIntervalSec ?? 15}`,
    "-o", "ServerAliveCountMax=3",
  );
  return args;
}

const ENV = Object.entries(shellEnv()).map(([k, v]) => `${k}=${v}`).join(" ");
const ROOT_BASH = `env -i ${ENV} bash --noprofile --norc`;

/** What the remote login shell runs: a root bash with the same environment as every
 *  other target; through `sudo -n` (never a password prompt) when the user is not root. */
export const REMOTE_ROOT_SHELL =
  `if [ "$(id -u)" = 0 ]; then exec ${ROOT_BASH}; else exec sudo -n -- ${ROOT_BASH}; fi`;

/** The full argv of `ssh -T ... destination command`. */
export function sshArgv(o: SshOptions, remoteCommand: string = REMOTE_ROOT_SHELL): string[] {
  return ["-T", ...sshClientArgs(o), "--", o.host, remoteCommand];
}

/** How a message names the target: `vagrant@127.0.0.1:2222`. */
export function describeSsh(o: SshOptions): string {
  return formatDestination({ host: o.host, user: o.user, port: o.port });
}
