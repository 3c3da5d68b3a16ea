// A kernel must not outlive the notebook server that started it. Jupyter passes the
// server's PID as JPY_PARENT_PID; when the server is gone (killed hard, its terminal
// closed), the kernel would otherwise go on alone, holding its lab. Once a second, look:
// when the parent is gone, end the lab (through `close`) and exit.
import { inKernel } from "./_interrupt.js";

function parentGone(serverPid: number, startedUnder: number): boolean {
  // Re-parented (to init or a subreaper): the process that started us has ended.
  if (process.ppid !== startedUnder) return true;
  try {
    process.kill(serverPid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

let watching = false;

/** In a Jupyter kernel: exit (after `close`) when the notebook server has gone. */
export function exitWithNotebookServer(close: () => Promise<void>, everyMs = 1000): void {
  const serverPid = Number(process.env.JPY_PARENT_PID);
  if (watching || !inKernel() || !Number.isInteger(serverPid) || serverPid <= 1) return;
  watching = true;
  const startedUnder = process.ppid;
  const timer = setInterval(() => {
    if (!parentGone(serverPid, startedUnder)) return;
    clearInterval(timer);
    const quit = setTimeout(() => process.exit(0), 5000);
    void close().finally(() => {
      clearTimeout(quit);
      process.exit(0);
    });
  }, everyMs);
  timer.unref();
}
