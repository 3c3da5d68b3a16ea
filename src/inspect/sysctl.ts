// Kernel settings given as `key=value` or `key = value` lines (as `sysctl` prints them).
import { ParseError } from "./errors.js";

/** The settings a container-networking lab turns on, with what each one does. */
export const LAB_SYSCTLS: Readonly<Record<string, string>> = {
  "net.ipv4.ip_forward": "route packets between interfaces (off: this machine is a host, not a router)",
  "net.ipv6.conf.all.forwarding": "route IPv6 packets between interfaces",
  "net.bridge.bridge-nf-call-iptables": "send bridged IPv4 frames through iptables (br_netfilter)",
  "net.bridge.bridge-nf-call-ip6tables": "send bridged IPv6 frames through ip6tables (br_netfilter)",
  "net.ipv4.conf.all.route_localnet": "allow 127.0.0.0/8 as a source or destination on the wire (DNAT to localhost)",
};

export function parseSysctls(text: string, command = "sysctl"): Record<string, string> {
  const out: Record<string, string> = {};
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new ParseError(command, "expected key=value", i + 1, line);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return out;
}
