import { describe, expect, it } from "vitest";
import { parseNetnsList, parseNetnsListId } from "../../src/inspect/netns.js";
import { parseSysctls } from "../../src/inspect/sysctl.js";
import { fixture } from "./fixture.js";

describe("netns ids", () => {
  it("reads the VM's ids for RED and BLUE", () => {
    const ids = parseNetnsListId(fixture("ch2-root.netns-list-id.json"));
    expect(ids.filter((i) => i.name).map((i) => i.name)).toEqual(["RED", "BLUE"]);
    expect(ids.every((i) => Number.isInteger(i.nsid))).toBe(true);
  });

  it("reads RED's own view: BLUE is its nsid 0 when a veth joins them directly", () => {
    expect(parseNetnsListId(fixture("ch1-red.netns-list-id.json"))).toEqual([{ nsid: 0, name: "BLUE" }]);
    // ...while the VM's own namespace has no name in RED's view.
    expect(parseNetnsListId(fixture("ch2-red.netns-list-id.json"))).toEqual([{ nsid: 0 }]);
  });

  it("reads `ip netns list`, with and without ids", () => {
    expect(parseNetnsList(fixture("ch1.netns-list.txt"))).toEqual([{ name: "BLUE" }, { name: "RED" }]);
    expect(parseNetnsList("BLUE (id: 3)\nRED (id: 2)\n")).toEqual([{ name: "BLUE", nsid: 3 }, { name: "RED", nsid: 2 }]);
    expect(() => parseNetnsList("RED (id: x)")).toThrow(/`ip netns list` \(line 1\)/);
  });
});

describe("parseSysctls", () => {
  it("reads `sysctl` output (key = value)", () => {
    expect(parseSysctls(fixture("vm1-fresh.sysctl.txt"))).toEqual({
      "net.ipv4.ip_forward": "1",
      "net.bridge.bridge-nf-call-iptables": "1",
      "net.bridge.bridge-nf-call-ip6tables": "1",
      "net.ipv4.conf.all.route_localnet": "0",
    });
    expect(parseSysctls(fixture("ch3-red.sysctl.txt"))["net.ipv4.ip_forward"]).toBe("0");
  });

  it("reads key=value lines and says which line is bad", () => {
    expect(parseSysctls("a.b=1\n\n# note\nc.d = x y\n")).toEqual({ "a.b": "1", "c.d": "x y" });
    expect(() => parseSysctls("a.b=1\nnonsense", "sysctl -a")).toThrow(/`sysctl -a` \(line 2\): expected key=value/);
  });
});
