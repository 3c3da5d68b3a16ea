import { describe, expect, test } from "vitest";
import { REMOTE_ROOT_SHELL, sshArgv, sshOption } from "../../../src/targets/ssh/_ssh-args.js";

describe("sshArgv", () => {
  test("one persistent root shell, batch mode, keep-alives; caller's options first so they win", () => {
    const argv = sshArgv({
      host: "127.0.0.1", user: "vagrant", port: 2222, identityFile: "/p/private_key", configFile: "/c",
      options: { StrictHostKeyChecking: "no", ConnectTimeout: 3 },
    });
    expect(argv).toEqual([
      "-T", "-F", "/c", "-i", "/p/private_key", "-p", "2222", "-l", "vagrant",
      "-o", "StrictHostKeyChecking=no", "-o", "ConnectTimeout=3",
      "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3",
      "--", "127.0.0.1", REMOTE_ROOT_SHELL,
    ]);
  });

  test("does not switch host-key checking off on its own", () => {
    expect(sshArgv({ host: "h" }).join(" ")).not.toMatch(/StrictHostKeyChecking|UserKnownHostsFile/);
  });

  test("the remote shell is a clean root bash, through sudo -n unless root", () => {
    expect(REMOTE_ROOT_SHELL).toMatch(/^if \[ "\$\(id -u\)" = 0 \]; then exec env -i .* bash --noprofile --norc; else exec sudo -n -- env -i .* bash --noprofile --norc; fi$/);
  });

  test("quotes option values with spaces the way ssh_config reads them, except commands", () => {
    expect(sshOption("UserKnownHostsFile", "/Users/Jane Doe/kh")).toBe('UserKnownHostsFile="/Users/Jane Doe/kh"');
    expect(sshOption("ProxyCommand", "nc %h %p")).toBe("ProxyCommand=nc %h %p");
    expect(sshOption("Port", 22)).toBe("Port=22");
  });
});
