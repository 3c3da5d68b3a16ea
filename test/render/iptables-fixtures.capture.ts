// Captures the real iptables output the render tests compare against. Opt-in:
//   CAPTURE=1 npx vitest run --config test/vitest.config.ts test/render/iptables-fixtures.capture.ts
// It builds the course's chapter 2-4 lab on vm1 of a private sandbox (Docker's real engine),
// adds the course's rules plus a few more -nvL shapes, and writes test/fixtures/render/.
import { writeFileSync } from "node:fs";
import { it } from "vitest";
import { describeSandbox, ownLab } from "../helpers/sandbox.js";

const out = new URL("../fixtures/render/", import.meta.url);

describeSandbox("capture render fixtures", () => {
  it("captures iptables-save -c and iptables -nvL from vm1", { timeout: 180_000 }, async () => {
    const lab = await ownLab();
    try {
      const vm1 = await lab.vm("vm1");
      const setup = `
set -e
ip netns add RED; ip netns add BLUE
ip link add br0 type bridge; ip link set br0 up
ip link add veth0 netns RED type veth peer name veth0-br
ip link add veth1 netns BLUE type veth peer name veth1-br
ip link set veth0-br master br0 up; ip link set veth1-br master br0 up
ip -n RED addr add 11.11.11.2/24 dev veth0; ip -n RED link set veth0 up; ip -n RED link set lo up
ip -n BLUE addr add 11.11.11.3/24 dev veth1; ip -n BLUE link set veth1 up; ip -n BLUE link set lo up
ip netns exec RED ping -c 2 -W 1 11.11.11.3 || true
iptables -I DOCKER-USER -s 11.11.11.0/24 -j ACCEPT
iptables -I DOCKER-USER -d 11.11.11.0/24 -j ACCEPT
ip netns exec RED ping -c 3 -W 1 11.11.11.3
ip addr add 11.11.11.1/24 dev br0
ip -n RED route add default via 11.11.11.1; ip -n BLUE route add default via 11.11.11.1
iptables -t nat -A POSTROUTING -s 11.11.11.0/24 ! -o br0 -j MASQUERADE
ip netns exec RED ping -c 2 -W 1 8.8.8.8 || echo 'ping 8.8.8.8 failed' >&2
iptables -t nat -A PREROUTING -p tcp -m tcp --dport 8088 -j DNAT --to-destination 11.11.11.2:80
iptables -t nat -A OUTPUT -p tcp -m tcp --dport 8088 -j DNAT --to-destination 11.11.11.2:80
iptables -A FORWARD -d 11.11.11.2/32 -p tcp -m tcp --dport 80 -j ACCEPT
iptables -A FORWARD -i br0 -o br0 -j ACCEPT
iptables -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
iptables -A INPUT ! -s 10.0.0.0/8 -p udp -m udp --sport 53 -j ACCEPT
iptables -A INPUT -p tcp -m multiport --dports 80,443 -m comment --comment "web ports" -j ACCEPT
iptables -A INPUT -p tcp -m tcp --tcp-flags SYN,ACK SYN -m limit --limit 5/min -j LOG --log-prefix "syn: "
iptables -A INPUT -s 203.0.113.7 -c 1234567 987654321 -j DROP
iptables -A INPUT -s 198.51.100.0/24 -c 99999 12345678901 -j REJECT --reject-with icmp-port-unreachable
iptables -A INPUT -m state --state NEW -i enp0s8 -p tcp --dport 22 -j ACCEPT
iptables -A INPUT -m mac --mac-source 02:42:ac:11:00:02 -j RETURN
iptables -A INPUT -f -j DROP
iptables -N LAB-LOG
iptables -A LAB-LOG -j LOG --log-prefix "lab: " --log-level 4
iptables -A LAB-LOG -j RETURN
iptables -A FORWARD -o br0 -j LAB-LOG
iptables -t nat -A POSTROUTING -s 11.11.11.3/32 -o enp0s3 -j SNAT --to-source 10.0.2.15
iptables -t nat -A PREROUTING -i enp0s8 -p tcp --dport 8081 -j REDIRECT --to-ports 80
iptables -t mangle -A PREROUTING -i br0 -j MARK --set-mark 0x1
iptables -A FORWARD -m physdev --physdev-in veth0-br -j ACCEPT || true
iptables -A INPUT -m iprange --src-range 11.11.11.10-11.11.11.20 -j ACCEPT || true
iptables -A INPUT -p tcp -m tcp --dport 8000:8100 -j ACCEPT
iptables -A INPUT -p udp -m udp --sport 1024:65535 --dport 123 -j ACCEPT
iptables -A OUTPUT -o lo -p tcp --sport 8088 -j ACCEPT
iptables -A OUTPUT -p icmp -m icmp --icmp-type 0/0 -j ACCEPT
iptables -A OUTPUT -p 47 -j ACCEPT
iptables -A OUTPUT -m addrtype --src-type LOCAL --dst-type UNICAST -j ACCEPT
docker run -d --name web -p 8080:80 busybox httpd -f -p 80 >/dev/null || true
`;
      await vm1.script(setup, { timeoutMs: 120_000 });
      const host = (await vm1.sh`uname -sr; iptables --version`).stdout.trim();
      const files: Record<string, string> = {};
      const cmds: Record<string, string> = {
        "iptables-save-c.txt": "iptables-save -c",
        "filter-nvL.txt": "iptables -nvL",
        "filter-nvL-x.txt": "iptables -nvL -x",
        "nat-nvL.txt": "iptables -t nat -nvL",
        "nat-nvL-x.txt": "iptables -t nat -nvL -x",
        "mangle-nvL.txt": "iptables -t mangle -nvL",
        "filter-FORWARD-nvL.txt": "iptables -nvL FORWARD",
      };
      for (const [file, cmd] of Object.entries(cmds)) {
        files[file] = (await vm1.script(cmd)).stdout;
      }
      for (const [file, text] of Object.entries(files)) writeFileSync(new URL(file, out), text);
      writeFileSync(new URL("capture-host.txt", out), `${host}\n${setup.trim()}\n`);
    } finally {
      await lab.close();
    }
  });
});
