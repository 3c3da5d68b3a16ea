// Which notebook this process serves, as a learner would name it ("02-bridge.ipynb"), so a
// second notebook can say who drives the shared lab. In a headless run: the run's notebook.
// In a Jupyter kernel: the notebook server's own answer (its sessions API, which maps this
// kernel's id to the notebook's path), found through the files Jupyter writes in its runtime
// folder. Best effort: anything missing gives "a notebook kernel".
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { currentRun } from "../src/notebook/run-context.js";

interface ServerInfo {
  url: string;
  token?: string;
}

/** This kernel's connection file (`tslab kernel --config-path …/kernel-<id>.json`). */
function connectionFile(): string | undefined {
  const i = process.argv.indexOf("--config-path");
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function serverInfo(runtimeDir: string, serverPid: string): Promise<ServerInfo | undefined> {
  // Notebook 6 writes nbserver-<pid>.json, jupyter_server (JupyterLab, Notebook 7) jpserver-<pid>.json.
  for (const name of [`nbserver-${serverPid}.json`, `jpserver-${serverPid}.json`]) {
    try {
      return JSON.parse(await readFile(join(runtimeDir, name), "utf8")) as ServerInfo;
    } catch {
      /* not this one */
    }
  }
  return undefined;
}

async function fromJupyter(): Promise<string | undefined> {
  const file = connectionFile();
  const serverPid = process.env.JPY_PARENT_PID;
  if (!file || !serverPid) return undefined;
  const kernelId = /kernel-(.+)\.json$/.exec(basename(file))?.[1];
  const info = await serverInfo(dirname(file), serverPid);
  if (!kernelId || !info?.url) return undefined;
  const url = new URL("api/sessions", info.url.endsWith("/") ? info.url : `${info.url}/`);
  const res = await fetch(url, {
    headers: info.token ? { Authorization: `token ${info.token}` } : {},
    signal: AbortSignal.timeout(1500),
  });
  if (!res.ok) return undefined;
  const sessions = (await res.json()) as Array<{ path?: string; kernel?: { id?: string } }>;
  const mine = sessions.find((s) => s.kernel?.id === kernelId);
  return mine?.path ? basename(mine.path) : undefined;
}

let cached: Promise<string> | undefined;

/** "02-bridge.ipynb", or "a notebook kernel" when it cannot be found out. */
export function notebookLabel(): Promise<string> {
  const run = currentRun();
  if (run?.notebook) return Promise.resolve(`${run.notebook} (a headless run)`);
  cached ??= fromJupyter()
    .catch(() => undefined)
    .then((name) => name ?? "a notebook kernel");
  return cached;
}
