// Reading `vagrant ssh-config` output with a real ssh_config parser (the `ssh-config`
// package), and turning one machine's entry into ssh options. Pure: text in, data out.
import SSHConfig from "ssh-config";
import type { SshOptions } from "./_ssh-args.js";

/** One `Host` block as vagrant printed it. */
export interface VagrantSshEntry {
  /** The machine name vagrant put after `Host`. */
  machine: string;
  hostName: string;
  port?: number;
  user?: string;
  identityFiles: string[];
  /** Every other option as printed (UserKnownHostsFile, StrictHostKeyChecking, ...). */
  options: Record<string, string>;
}

export interface VagrantSshConfig {
  machines: Record<string, VagrantSshEntry>;
  /** Lines printed before the first `Host` (plugin and box-update warnings). */
  preamble: string[];
}

/** Options vagrant prints that must not reach our ssh: LogLevel FATAL would hide the
 *  very errors we explain, and the rest are set from the entry's own fields. */
const DROPPED = new Set(["host", "hostname", "port", "user", "identityfile", "loglevel"]);

export function parseVagrantSshConfig(text: string): VagrantSshConfig {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const first = lines.findIndex((l) => /^\s*Host\s+\S/i.test(l));
  const preamble = (first < 0 ? lines : lines.slice(0, first)).filter((l) => l.trim());
  const machines: Record<string, VagrantSshEntry> = {};
  if (first < 0) return { machines, preamble };
  const parsed = SSHConfig.parse(lines.slice(first).join("\n"));
  for (const section of parsed) {
    if (section.type !== SSHConfig.DIRECTIVE || !("config" in section) || section.param.toLowerCase() !== "host") continue;
    const machine = one(section.value);
    const entry: VagrantSshEntry = { machine, hostName: machine, identityFiles: [], options: {} };
    for (const line of section.config) {
      if (line.type !== SSHConfig.DIRECTIVE) continue;
      const key = line.param;
      const value = one(line.value);
      switch (key.toLowerCase()) {
        case "hostname": entry.hostName = value; break;
        case "port": entry.port = Number(value); break;
        case "user": entry.user = value; break;
        case "identityfile": entry.identityFiles.push(value); break;
        default: if (!DROPPED.has(key.toLowerCase())) entry.options[key] = value;
      }
    }
    machines[machine] = entry;
  }
  return { machines, preamble };
}

function one(value: string | Array<string | { val: string }>): string {
  if (typeof value === "string") return value;
  return value.map((v) => (typeof v === "string" ? v : v.val)).join(" ");
}

/** `C:/Users/x` or `C:\Users\x` as WSL sees it (`/mnt/c/Users/x`); other paths as they are. */
export function localPath(p: string, platform: NodeJS.Platform = process.platform): string {
  const m = p.match(/^([A-Za-z]):[\\/](.*)$/);
  if (!m || platform === "win32") return p;
  return `/mnt/${m[1]!.toLowerCase()}/${m[2]!.replace(/\\/g, "/")}`;
}

/** ssh options for one machine, with vagrant's own settings (known_hosts, keys only). */
export function vagrantSshOptions(entry: VagrantSshEntry, platform: NodeJS.Platform = process.platform): SshOptions {
  const options: Record<string, string> = {};
  for (const [k, v] of Object.entries(entry.options)) {
    options[k] = /^(UserKnownHostsFile|GlobalKnownHostsFile)$/i.test(k) ? localPath(v, platform) : v;
  }
  // ssh's errors (refused, no route) are logged at ERROR; vagrant's FATAL would hide them.
  options.LogLevel = "ERROR";
  return {
    host: entry.hostName,
    ...(entry.port !== undefined && { port: entry.port }),
    ...(entry.user !== undefined && { user: entry.user }),
    identityFile: entry.identityFiles.map((f) => localPath(f, platform)),
    options,
  };
}
