// Every command a cell runs becomes a terminal block: a structured twin, HTML and text.
import { describe, expect, it } from "vitest";
import { LOCAL, runCells } from "./_run.js";
import { readTerminalJson, TERMINAL_MIME } from "../../src/render/terminal.js";

describe("terminal blocks", () => {
  it("shows each command with its prompt, output and exit status, and reads back as the same block", async () => {
    const r = await runCells([`const vm1 = await lab.vm("vm1");\nawait vm1.sh\`echo hello; echo warn >&2\`;\nawait vm1.sh\`exit 3\`.nothrow();`], { settings: LOCAL });
    expect(r.ok).toBe(true);
    const blocks = r.outputs[0]!.filter((o) => o.output_type === "display_data");
    expect(blocks).toHaveLength(2);
    const [hello, three] = blocks.map((b) => (b as { data: Record<string, unknown> }).data);
    expect(readTerminalJson(hello![TERMINAL_MIME])).toMatchObject({ command: "echo hello; echo warn >&2", stdout: "hello\n", stderr: "warn\n", exitCode: 0 });
    expect(hello!["text/plain"]).toMatch(/^root@\S+:~# echo hello; echo warn >&2\nhello\nstderr\| warn\n/);
    expect(hello!["text/html"]).toContain('<span class="vb-user">root@');
    expect(three!["text/plain"]).toContain("[exit 3]");
  });

  it("stays out of the cell for quiet commands and after setQuiet(true)", async () => {
    const r = await runCells([`const vm1 = await lab.vm("vm1");\nawait vm1.sh\`true\`.quiet();\nsetQuiet(true);\nawait vm1.sh\`true\`;\nsetQuiet(false);`], { settings: LOCAL });
    expect(r.outputs[0]!.filter((o) => o.output_type === "display_data")).toEqual([]);
  });
});
