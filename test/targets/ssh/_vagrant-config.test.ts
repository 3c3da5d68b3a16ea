import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { localPath, parseVagrantSshConfig, vagrantSshOptions } from "../../../src/targets/ssh/_vagrant-config.js";

/** A fixture's output, without the note atop it. */
export function fixture(name: string): string {
  const text = readFileSync(new URL(`../../fixtures/vagrant/${name}`, import.meta.url), "utf8");
  return text.slice(text.search(/^----- output -----\r?$/m)).replace(/^.*\r?\n/, "");
}

describe("parseVagrantSshConfig", () => {
  test("one machine, blank line before IdentityFile (ssh-config-vm1.txt)", () => {
    const { machines, preamble } = parseVagrantSshConfig(fixture("ssh-config-vm1.txt"));
    expect(preamble).toEqual([]);
    expect(machines).toEqual({
      vm1: {
        machine: "vm1", hostName: "127.0.0.1", port: 60610, user: "vagrant",
        identityFiles: ["/home/student/vethbook/notebooks/.vagrant/machines/vm1/virtualbox/private_key"],
        options: { UserKnownHostsFile: "/dev/null", StrictHostKeyChecking: "no", PasswordAuthentication: "no", IdentitiesOnly: "yes" },
      },
    });
  });

  test("several machines in one output (ssh-config-all.txt)", () => {
    const { machines } = parseVagrantSshConfig(fixture("ssh-config-all.txt"));
    expect(Object.keys(machines)).toEqual(["vm1", "vm2", "vm3"]);
    expect(Object.values(machines).map((m) => m.port)).toEqual([60610, 60620, 60630]);
    expect(machines.vm3!.identityFiles).toEqual(["/home/student/vethbook/notebooks/.vagrant/machines/vm3/virtualbox/private_key"]);
    expect(machines.vm2!.options).toMatchObject({ PubkeyAcceptedKeyTypes: "+ssh-rsa", HostKeyAlgorithms: "+ssh-rsa" });
  });

  test("quoted IdentityFile with spaces, and a second key (ssh-config-spaces.txt)", () => {
    const { machines } = parseVagrantSshConfig(fixture("ssh-config-spaces.txt"));
    expect(machines.vm2!.identityFiles).toEqual([
      "/Users/Jane Doe/Course Labs/vethbook/notebooks/.vagrant/machines/vm2/virtualbox/private_key",
      "/Users/jane/.vagrant.d/insecure_private_key",
    ]);
    expect(machines.vm2!.options.ForwardAgent).toBe("yes");
  });

  test("warnings printed before the first Host line are kept apart (ssh-config-warnings.txt)", () => {
    const { machines, preamble } = parseVagrantSshConfig(fixture("ssh-config-warnings.txt"));
    expect(Object.keys(machines)).toEqual(["vm3"]);
    expect(machines.vm3!.hostName).toBe("127.0.0.1");
    expect(preamble).toHaveLength(3);
    expect(preamble[0]).toMatch(/warning: Insecure world writable dir/);
  });

  test("Windows paths, quoted, CRLF line endings (ssh-config-windows.txt)", () => {
    const { machines } = parseVagrantSshConfig(fixture("ssh-config-windows.txt"));
    expect(machines.vm1!.identityFiles).toEqual(["C:/Users/Jane Doe/vethbook/notebooks/.vagrant/machines/vm1/virtualbox/private_key"]);
    expect(machines.vm1!.port).toBe(2222);
    expect(vagrantSshOptions(machines.vm1!, "linux").identityFile).toEqual([
      "/mnt/c/Users/Jane Doe/vethbook/notebooks/.vagrant/machines/vm1/virtualbox/private_key",
    ]);
    expect(vagrantSshOptions(machines.vm1!, "win32").identityFile).toEqual(machines.vm1!.identityFiles);
  });

  test("an error message (no Host at all) gives no machines", () => {
    expect(parseVagrantSshConfig(fixture("not-ready.txt")).machines).toEqual({});
  });
});

describe("vagrantSshOptions", () => {
  test("keeps vagrant's host-key settings, drops LogLevel FATAL (it would hide ssh's errors)", () => {
    const { machines } = parseVagrantSshConfig(fixture("ssh-config-vm1.txt"));
    expect(vagrantSshOptions(machines.vm1!)).toEqual({
      host: "127.0.0.1", port: 60610, user: "vagrant",
      identityFile: ["/home/student/vethbook/notebooks/.vagrant/machines/vm1/virtualbox/private_key"],
      options: { UserKnownHostsFile: "/dev/null", StrictHostKeyChecking: "no", PasswordAuthentication: "no", IdentitiesOnly: "yes", LogLevel: "ERROR" },
    });
  });

  test("localPath", () => {
    expect(localPath("C:\\Users\\jo\\key", "linux")).toBe("/mnt/c/Users/jo/key");
    expect(localPath("/home/jo/key", "linux")).toBe("/home/jo/key");
  });
});
