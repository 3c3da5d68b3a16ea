// The notebook-facing handle: namespaces, defaults, argv, and the live-output/interrupt
// settings it passes on, through a real local bash (harmless commands only).
import { describe, expect, it } from "vitest";
import { Vm } from "../../src/command/vm.js";
import { LocalTarget } from "../../src/targets/local.js";
import type { RunOptions, Target } from "../../src/command/target.js";
import type { CommandResult } from "../../src/command/result.js";

/** A target that records what it was asked to run, and runs it in a local bash. */
class Recording implements Target {
  readonly name = "rec";
  readonly kind = "local" as const;
  readonly calls: Array<{ command: string | readonly string[]; options?: RunOptions }> = [];
  private inner = new LocalTarget("rec", { allowLocal: true });
  run(command: string | readonly string[], options?: RunOptions): Promise<CommandResult> {
    this.calls.push({ command, options });
    return this.inner.run(command, { ...options, netns: undefined });
  }
  hostname() { return Promise.resolve("rec-host"); }
  close() { return this.inner.close(); }
}

describe("Vm", () => {
  it("netns() scopes every command to a namespace, and refuses names that are not names", async () => {
    const t = new Recording();
    const vm = new Vm(t);
    await vm.netns("RED").sh`true`;
    expect(t.calls.at(-1)?.options?.netns).toBe("RED");
    expect(vm.netns("RED").namespace).toBe("RED");
    expect(() => vm.netns("RED; reboot")).toThrow(/"RED; reboot" is not a usable namespace name/);
    await t.close();
  });

  it("with() sets defaults that chained settings still override", async () => {
    const t = new Recording();
    const quiet = new Vm(t).with({ nothrow: true, timeoutMs: 1234 });
    const r = await quiet.sh`exit 5`;
    expect(r.exitCode).toBe(5);
    expect(t.calls.at(-1)?.options?.timeoutMs).toBe(1234);
    await expect(quiet.sh`exit 6`.nothrow(false)).rejects.toThrow(/exited with code 6/);
    await t.close();
  });

  it("exec() quotes every word of an argv", async () => {
    const t = new Recording();
    const r = await new Vm(t).exec(["printf", "%s|", "$(id)", "a b"]);
    expect(r.stdout).toBe("$(id)|a b|");
    await t.close();
  });

  it("passes live output and an interrupt signal through to the target", async () => {
    const t = new Recording();
    const seen: string[] = [];
    const abort = new AbortController();
    const running = new Vm(t).script("echo first; sleep 35.5", { signal: abort.signal, onStdout: (b) => seen.push(Buffer.from(b).toString()) }).nothrow();
    for (let i = 0; i < 100 && !seen.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(["first\n"]);
    abort.abort();
    const r = await running;
    expect(r.interrupted).toBe(true);
    await t.close();
  });

  it("asks the target for its hostname once, so results carry it", async () => {
    const t = new Recording();
    const vm = new Vm(t);
    expect(await vm.hostname()).toBe("rec-host");
    expect(vm.name).toBe("rec");
    await t.close();
  });
});
