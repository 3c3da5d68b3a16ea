// Reading an ssh destination as a person writes it: `host`, `user@host`, `host:port`,
// `user@host:port`, `[::1]:2222`, `ssh://user@host:port`, or an ssh_config alias.
// Pure: text in, typed data out.

export interface Destination {
  /** The host name, address or ssh_config alias, as ssh is to be given it. */
  host: string;
  user?: string;
  port?: number;
}

export function parseDestination(text: string): Destination {
  let rest = text.trim();
  const bad = (why: string): never => {
    throw new Error(`cannot read "${text}" as an ssh destination (${why}); write host, user@host, host:port, user@host:port or an ssh_config alias`);
  };
  if (!rest) bad("it is empty");
  if (/\s/.test(rest)) bad("it contains spaces");
  if (rest.startsWith("ssh://")) rest = rest.slice("ssh://".length).replace(/\/$/, "");
  let user: string | undefined;
  const at = rest.lastIndexOf("@");
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!user) bad("the user before @ is empty");
  }
  let host = rest;
  let portText: string | undefined;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) bad("a [ without its ]");
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after) {
      if (!after.startsWith(":")) bad(`unexpected "${after}" after ]`);
      portText = after.slice(1);
    }
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    [host, portText] = rest.split(":") as [string, string];
  } // more than one colon and no brackets: a bare IPv6 address
  if (!host) bad("the host is empty");
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) bad(`"${portText}" is not a port number`);
  }
  return { host, ...(user !== undefined && { user }), ...(port !== undefined && { port }) };
}

/** The destination back as text, for messages: `user@host:port`. */
export function formatDestination(d: Destination): string {
  const host = d.host.includes(":") && d.port ? `[${d.host}]` : d.host;
  return `${d.user ? `${d.user}@` : ""}${host}${d.port ? `:${d.port}` : ""}`;
}
