// Lab options are resolved once: what the caller said, then the environment, then defaults.
import { describe, expect, it } from "vitest";
import { formatSshMap, LabOptionsError, parseSshMap, resolveLabOptions } from "../../src/targets/options.js";

describe("resolveLabOptions", () => {
  it("defaults to the sandbox, auto, nothing allowed locally", () => {
    expect(resolveLabOptions({}, {}, "/here")).toEqual({ target: "sandbox", ssh: {}, sshConfig: undefined, vagrantDir: "/here", allowLocal: false, sandbox: "auto", labId: undefined });
  });

  it("takes the environment where the caller said nothing (an empty string counts as nothing)", () => {
    const env = { VETHBOOK_TARGET: "ssh", VETHBOOK_SSH: "vm1=root@10.0.0.5, vm2=lab-vm2", VETHBOOK_SSH_CONFIG: "/etc/lab_ssh", VETHBOOK_VAGRANT_DIR: "/vm", VETHBOOK_ALLOW_LOCAL: "1" };
    expect(resolveLabOptions({ target: "", ssh: "" }, env, "/here")).toEqual({
      target: "ssh", ssh: { vm1: "root@10.0.0.5", vm2: "lab-vm2" }, sshConfig: "/etc/lab_ssh", vagrantDir: "/vm", allowLocal: true, sandbox: "auto", labId: undefined,
    });
  });

  it("lets what the caller said win over the environment", () => {
    const env = { VETHBOOK_TARGET: "ssh", VETHBOOK_SSH: "vm1=a" };
    const o = resolveLabOptions({ target: "vagrant", ssh: { vm1: "b" }, vagrantDir: "notebooks" }, env, "/here");
    expect(o).toMatchObject({ target: "vagrant", ssh: { vm1: "b" }, vagrantDir: "notebooks" });
  });

  it("resolves already-resolved options to themselves", () => {
    const once = resolveLabOptions({ target: "ssh", ssh: "vm1=host" }, {}, "/x");
    expect(resolveLabOptions(once, { VETHBOOK_TARGET: "local" }, "/y")).toEqual(once);
  });

  it("says which value was wrong, and where it came from", () => {
    expect(() => resolveLabOptions({ target: "mars" })).toThrow(new LabOptionsError('target "mars" is not a target: choose one of sandbox, ssh, vagrant, local'));
    expect(() => resolveLabOptions({}, { VETHBOOK_TARGET: "moon" })).toThrow(/\$VETHBOOK_TARGET "moon" is not a target/);
    expect(() => resolveLabOptions({}, { VETHBOOK_SSH: "vm1" })).toThrow(/\$VETHBOOK_SSH: cannot read "vm1" as VM=DESTINATION/);
    expect(() => resolveLabOptions({ sandbox: "mine" })).toThrow(/sandbox "mine" is not a choice: "auto" .*, "own" .* or "shared"/);
  });

  it("takes a notebook's choice of sandbox: auto unless it says own or shared", () => {
    expect(resolveLabOptions({ sandbox: "" }).sandbox).toBe("auto");
    expect(resolveLabOptions({ sandbox: "shared" }).sandbox).toBe("shared");
    expect(resolveLabOptions({ sandbox: "own" }).sandbox).toBe("own");
  });
});

describe("the ssh map", () => {
  it("reads and writes the one-line form", () => {
    const map = parseSshMap("vm1=root@192.168.50.10,vm2=host:2222");
    expect(map).toEqual({ vm1: "root@192.168.50.10", vm2: "host:2222" });
    expect(parseSshMap(formatSshMap(map))).toEqual(map);
    expect(() => parseSshMap("=x")).toThrow(/cannot read "=x"/);
  });
});
