import { describe, expect, test } from "vitest";
import { formatDestination, parseDestination } from "../../../src/targets/ssh/_destination.js";

describe("parseDestination", () => {
  test.each([
    ["vm1", { host: "vm1" }],
    ["root@192.168.50.10", { host: "192.168.50.10", user: "root" }],
    ["192.168.50.10:2222", { host: "192.168.50.10", port: 2222 }],
    ["vagrant@127.0.0.1:60610", { host: "127.0.0.1", user: "vagrant", port: 60610 }],
    ["ssh://root@gw.example:22", { host: "gw.example", user: "root", port: 22 }],
    ["[fe80::1]:2200", { host: "fe80::1", port: 2200 }],
    ["root@[::1]", { host: "::1", user: "root" }],
    ["fe80::a00:27ff:fe00:308", { host: "fe80::a00:27ff:fe00:308" }],
    ["first.last@host", { host: "host", user: "first.last" }],
  ])("%s", (text, want) => {
    expect(parseDestination(text)).toEqual(want);
  });

  test.each(["", "root@", "@host", "host:99999", "host:ssh", "my host", "[::1"])("rejects %j with the forms it accepts", (text) => {
    expect(() => parseDestination(text)).toThrow(/user@host:port/);
  });

  test("formats back", () => {
    expect(formatDestination({ host: "::1", user: "root", port: 22 })).toBe("root@[::1]:22");
    expect(formatDestination({ host: "vm1" })).toBe("vm1");
  });
});
