/** The environment a lab shell starts with: predictable, and the same on every target. */
export function shellEnv(): Record<string, string> {
  return {
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: "/root",
    LANG: "C.UTF-8",
    TERM: "xterm-256color",
  };
}
