// Endpoint strings of the walk: "11.11.11.2", "11.11.11.2:80", "[fd00::2]:80" (internal).

export function endpoint(addr: string | undefined, port: number | undefined): string {
  const a = addr ?? "?";
  if (port === undefined) return a;
  return a.includes(":") ? `[${a}]:${port}` : `${a}:${port}`;
}

/** "11.11.11.2:80" -> "11.11.11.2"; "[fd00::2]:80" -> "fd00::2". */
export function host(endpoint: string): string {
  const v6 = /^\[(.*)\]:\d+$/.exec(endpoint);
  if (v6) return v6[1]!;
  return /^[\d.]+:\d+$/.test(endpoint) ? endpoint.slice(0, endpoint.lastIndexOf(":")) : endpoint;
}
