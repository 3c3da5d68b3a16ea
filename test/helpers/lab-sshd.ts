// A real OpenSSH server inside a sandbox VM, for tests and the benchmark. The VM's
// network is not reachable from this machine's root namespace (on purpose), so ssh
// reaches it through a ProxyCommand that enters the VM's namespaces and runs
// `sshd -i` (inetd mode: one sshd per connection, speaking ssh on its stdin/stdout).
// Keys, known_hosts and sshd_config live in a temp dir; users are added to a private
// copy-on-write /etc of the VM (an overlay in its own mount namespace), never to the
// machine's /etc. Everything inside the VM goes away with the lab.
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { quote } from "../../src/command/quote.js";
import type { Lab } from "../../src/targets/connect.js";
import type { SshOptions } from "../../src/targets/ssh/_ssh-args.js";

export interface LabSshd {
  vm: string;
  /** Temp dir with sshd_config, host key, client keys, known_hosts and sshd.log. */
  dir: string;
  /** The name ssh is given (and known_hosts records): "vethbook-vm3". */
  host: string;
  knownHostsFile: string;
  /** Private key authorized for root. */
  rootKey: string;
  sshdLog: string;
  proxyCommand: string;
  /** Options for an SshTarget (or `ssh` by hand) as `user` (default root) with `key`. */
  sshOptions(user?: string, key?: string): SshOptions;
  /** Add a login user inside the VM, with passwordless sudo or none. Returns its key. */
  addUser(name: string, options: { sudo: boolean }): Promise<string>;
  /** A fresh key pair nobody authorized (for "wrong key" checks). */
  newKey(name: string): Promise<string>;
  /** Remove the temp dir (the VM side dies with the lab). */
  close(): Promise<void>;
}

const SSHD = ["/usr/sbin/sshd", "/usr/bin/sshd"].find((p) => existsSync(p));

export async function startLabSshd(lab: Lab, vm = "vm3"): Promise<LabSshd> {
  if (lab.kind !== "sandbox") throw new Error(`startLabSshd needs a sandbox lab, not ${lab.kind}`);
  if (!SSHD) throw new Error("cannot start a lab sshd: OpenSSH's server is not installed here (fix: apt-get install openssh-server)");
  const { state } = await lab.sandboxState();
  const vmPid = state.vms[vm];
  if (vmPid === undefined) throw new Error(`the sandbox lab ${state.labId} has no ${vm}`);
  const target = await lab.target(vm);
  const inVm = async (script: string, what: string) => {
    const r = await target.run(script, { timeoutMs: 30_000 });
    if (r.exitCode !== 0) throw new Error(`${vm}: ${what} failed (exit ${r.exitCode}): ran ${script}\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };

  const dir = await mkdtemp(join(tmpdir(), `vethbook-sshd-${vm}-`));
  // Readable by all: sshd reads a user's authorized_keys as that user (private keys stay 0600).
  await chmod(dir, 0o755);
  const path = (f: string) => join(dir, f);
  const keygen = async (file: string, comment: string) => {
    await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file]);
    return file;
  };
  await mkdir(path("authorized_keys"), { mode: 0o755 });
  const hostKey = await keygen(path("ssh_host_ed25519_key"), `vethbook-${vm}-host`);
  const authorize = async (user: string, key: string) =>
    writeFile(path(`authorized_keys/${user}`), await readFile(`${key}.pub`, "utf8"), { mode: 0o644 });
  const rootKey = await keygen(path("id_root"), `root@vethbook-${vm}`);
  await authorize("root", rootKey);
  const sshdLog = path("sshd.log");
  await writeFile(path("sshd_config"), [
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${path("authorized_keys")}/%u`,
    // The temp dir's parent (/tmp) is world-writable: sshd would refuse it otherwise.
    "StrictModes no",
    "UsePAM no",
    "PermitRootLogin prohibit-password",
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PrintMotd no",
    "PrintLastLog no",
    "UseDNS no",
    "LogLevel VERBOSE",
    "",
  ].join("\n"), { mode: 0o600 });
  const host = `vethbook-${vm}`;
  const knownHostsFile = path("known_hosts");
  const pub = (await readFile(`${hostKey}.pub`, "utf8")).trim().split(/\s+/).slice(0, 2).join(" ");
  await writeFile(knownHostsFile, `${host} ${pub}\n`);
  // sshd's privilege-separation dir; the VM's /run is its own tmpfs.
  await inVm("mkdir -p /run/sshd && chmod 0755 /run/sshd", "making /run/sshd");

  const proxyCommand = [
    "nsenter", "-t", String(state.labPid), "-p", "-m", "-n", "-u", "--",
    "nsenter", "-t", String(vmPid), "-n", "-m", "-u", "-p", "--",
    SSHD, "-i", "-f", path("sshd_config"), "-E", sshdLog,
  ].map(quote).join(" ");

  let privateEtc = false;
  const makeEtcPrivate = async () => {
    if (privateEtc) return;
    // The sandbox gives every VM a copy-on-write /etc (lower = the machine's /etc, upper = the
    // VM's tmpfs), so users and sudoers made here never reach the machine.
    await inVm([
      "set -e",
      "if [ ! -e /run/vethbook/etc-private ]; then",
      "  grep -q '^CREATE_MAIL_SPOOL=' /etc/default/useradd 2>/dev/null && sed -i 's/^CREATE_MAIL_SPOOL=.*/CREATE_MAIL_SPOOL=no/' /etc/default/useradd || echo CREATE_MAIL_SPOOL=no >> /etc/default/useradd",
      "  : > /run/vethbook/etc-private",
      "fi",
      // Refuse to go on unless /etc really is private.
      "findmnt -n -o FSTYPE /etc | grep -qx overlay",
    ].join("\n"), "making a private /etc");
    privateEtc = true;
  };

  return {
    vm, dir, host, knownHostsFile, rootKey, sshdLog, proxyCommand,
    sshOptions(user = "root", key) {
      return {
        host,
        user,
        identityFile: key ?? (user === "root" ? rootKey : path(`id_${user}`)),
        configFile: "/dev/null",
        options: {
          ProxyCommand: proxyCommand,
          UserKnownHostsFile: knownHostsFile,
          GlobalKnownHostsFile: "/dev/null",
          StrictHostKeyChecking: "yes",
          IdentitiesOnly: "yes",
          PreferredAuthentications: "publickey",
        },
      };
    },
    async addUser(name, { sudo }) {
      if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(name)) throw new Error(`"${name}" is not a valid user name`);
      if (sudo && !existsSync("/usr/bin/sudo")) throw new Error("cannot give a lab user sudo: sudo is not installed here (fix: apt-get install sudo)");
      await makeEtcPrivate();
      const home = `/run/vethbook/home/${name}`;
      // -p '*': no password, but not a locked account (sshd refuses locked ones).
      await inVm([
        "set -e",
        `id -u ${name} >/dev/null 2>&1 || useradd --no-log-init -M -d ${home} -s /bin/bash -p '*' ${name}`,
        `mkdir -p ${home} && chown ${name}: ${home}`,
        sudo
          ? `printf '%s\\n' ${quote(`Defaults:${name} !syslog`)} ${quote(`${name} ALL=(ALL) NOPASSWD:ALL`)} > /etc/sudoers.d/vethbook-${name} && chmod 0440 /etc/sudoers.d/vethbook-${name}`
          : `rm -f /etc/sudoers.d/vethbook-${name}`,
      ].join("\n"), `adding user ${name}`);
      const key = await keygen(path(`id_${name}`), `${name}@vethbook-${vm}`);
      await authorize(name, key);
      return key;
    },
    async newKey(name) {
      return keygen(path(`id_${name}`), `${name}@nowhere`);
    },
    async close() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
