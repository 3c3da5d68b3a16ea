import { describe, expect, it } from "vitest";
import { renderTerminalHtml, renderTerminalText, stripAnsi, type TerminalBlock } from "../../src/render/index.js";
import { expectSnapshot, fixture } from "./_fixtures.js";

// Real results from sandbox vm1 (docker1), chapter 1 lab: see terminal-fixtures.capture.ts.
const [ipa, ping, pingFail, ipErr, brief] = JSON.parse(fixture("terminal.json")) as TerminalBlock[];

describe("renderTerminalHtml", () => {
  it("shows ip -c a inside RED, colours as HTML", () => {
    const html = renderTerminalHtml(ipa!, { duration: false });
    expect(html).toContain('<span class="vb-user">root@docker1:~#</span> ip netns exec RED ip -c a');
    expect(html).toContain('<span style="color:var(--vb-a6)">veth0@if2: </span>');
    expect(html).toContain("&lt;BROADCAST,MULTICAST,UP,LOWER_UP&gt;");
    expect(html).not.toContain("\u001b");
    expectSnapshot("terminal-ip-a-red.html", html);
  });

  it("badges a failing command and keeps stderr apart", () => {
    const html = renderTerminalHtml(ipErr!, { duration: false });
    expect(html).toContain('<span class="vb-badge vb-badge-bad">exit 1</span>');
    expect(html).toContain('<pre class="vb-stderr" aria-label="standard error">');
    expectSnapshot("terminal-error.html", html);
    expect(renderTerminalHtml(pingFail!, { duration: false })).toContain("exit 1");
    expect(renderTerminalHtml(ping!, { duration: false })).not.toContain('class="vb-badge');
  });

  it("marks a script run in a namespace instead of rewriting it", () => {
    const html = renderTerminalHtml({ hostname: "docker1", netns: "RED", command: "ip a\nip r", stdout: "", stderr: "", exitCode: 0 });
    expect(html).toContain('<span class="vb-ns">(netns RED) </span><span class="vb-user">root@docker1:~#</span> ip a\nip r');
  });

  it("badges a running and an interrupted command as states, not as failures", () => {
    const live = renderTerminalHtml({ ...ping!, exitCode: null, running: true });
    expect(live).toContain('<span class="vb-badge vb-badge-run">running…</span>');
    expect(live).toContain('aria-label="running…: command on docker1');
    const stopped = renderTerminalHtml({ ...ping!, exitCode: 130, interrupted: true });
    expect(stopped).toContain('<span class="vb-badge vb-badge-stop">interrupted</span>');
    expect(stopped).not.toContain("failed (");
    expect(renderTerminalText({ ...ping!, exitCode: 130, interrupted: true }, { color: false })).toContain("[interrupted]");
  });

  it("says timed out / killed", () => {
    expect(renderTerminalHtml({ hostname: "docker1", command: "sleep 9", stdout: "", stderr: "", exitCode: null, timedOut: true })).toContain(">timed out<");
    expect(renderTerminalText({ hostname: "docker1", command: "sleep 9", stdout: "", stderr: "", exitCode: null, signal: "SIGKILL" })).toContain("[killed by SIGKILL]");
  });
});

describe("renderTerminalText", () => {
  it("prompt, output, stderr marked, exit code", () => {
    const text = renderTerminalText(pingFail!, { duration: false, color: false });
    expect(text.split("\n")[0]).toBe("root@docker1:~# ip netns exec RED ping -c 1 -W 1 11.11.11.9");
    expect(text).toMatch(/\[exit 1\]\n$/);
    expectSnapshot("terminal-ping-fail.txt", text);
    expect(renderTerminalText(ipErr!, { duration: false })).toContain("stderr| ");
  });

  it("strips colours when asked", () => {
    expect(renderTerminalText(brief!, { color: false })).toBe(stripAnsi(renderTerminalText(brief!)));
    expect(renderTerminalText(brief!, { color: false })).not.toContain("\u001b");
    expect(renderTerminalText({ ...ping!, durationMs: 1234 })).toMatch(/\(1\.2 s\)\n$/);
  });
});
