// The chapters run unchanged on any SSH host: here, real sshds inside the sandbox's vm1
// and vm2, reached through an ssh_config that names them, chosen by the `target` parameter.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ownLab } from "../helpers/sandbox.js";
import type { Lab } from "../../src/targets/connect.js";
import { describeSshd, startLabSshd, type LabSshd } from "../helpers/sshd.js";

const root = join(import.meta.dirname, "../..");
const cli = join(root, "dist/src/cli/index.js");

describeSshd("chapters over ssh", () => {
  let lab: Lab;
  const sshds: LabSshd[] = [];
  let config = "";

  beforeAll(async () => {
    lab = await ownLab();
    const dir = mkdtempSync(join(tmpdir(), "vethbook-ssh-chapters-"));
    const lines: string[] = [];
    for (const vm of ["vm1", "vm2", "vm3"]) {
      const sshd = await startLabSshd(lab, vm);
      sshds.push(sshd);
      const o = sshd.sshOptions();
      lines.push(`Host lab-${vm}`, `  HostName ${sshd.host}`, `  HostKeyAlias ${sshd.host}`, `  User root`, `  IdentityFile ${sshd.rootKey}`,
        ...Object.entries(o.options!).map(([k, v]) => `  ${k} ${v}`), "");
    }
    config = join(dir, "ssh_config");
    writeFileSync(config, lines.join("\n"));
  }, 120_000);

  afterAll(async () => {
    for (const s of sshds) await s.close();
    await lab?.close();
  });

  it.each(["01-netns-veth.ipynb", "04-port-forwarding.ipynb", "05-docker-bridge.ipynb", "06-ipv6.ipynb"])("%s runs green with target=ssh", (chapter) => {
    const out = mkdtempSync(join(tmpdir(), "vethbook-ssh-out-"));
    const env = { ...process.env, VETHBOOK_SSH: "vm1=lab-vm1,vm2=lab-vm2,vm3=lab-vm3", VETHBOOK_SSH_CONFIG: config, VETHBOOK_STATE_DIR: out };
    const r = spawnSync(process.execPath, [cli, "run", join(root, "notebooks", chapter), "--target", "ssh", "--out", out], { env, encoding: "utf8", timeout: 300_000 });
    expect(r.status, `${r.stderr}\n${r.stdout}`).toBe(0);
    const nb = JSON.parse(readFileSync(join(out, basename(chapter)), "utf8"));
    expect(nb.metadata.vethbook.target).toBe("ssh");
    expect(nb.metadata.vethbook.hostnames.vm1).toBe("docker1");
  }, 300_000);
});
