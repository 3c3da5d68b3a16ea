"""Drive one real Jupyter kernel for the tests, the way the notebook server does it
(jupyter_client: ZMQ channels, SIGINT for Interrupt, shutdown_request then kill for
Restart). One JSON request per line on stdin, one JSON answer per line on stdout.

  {"op": "execute", "code": "...", "timeout": 60, "interrupt_after": 2.5}
      -> {"outputs": [...], "status": "ok"|"error"|"aborted"|"timeout",
          "elapsed": s, "interrupted_at": s|null}
  {"op": "restart"} -> {"pid": N}      {"op": "pid"} -> {"pid": N}
  {"op": "shutdown"} -> {}
Started with: kernel-driver.py KERNEL_NAME CWD
"""
import json
import sys
import time

from jupyter_client.manager import KernelManager


def pid_of(km):
    prov = getattr(km, "provisioner", None)
    proc = getattr(prov, "process", None) if prov else getattr(km, "kernel", None)
    return proc.pid if proc else None


def collect(kc, msg_id, timeout, interrupt_after, km):
    start = time.monotonic()
    outputs, status, interrupted_at = [], None, None
    idle = False
    while not idle:
        now = time.monotonic() - start
        if interrupt_after is not None and interrupted_at is None and now >= interrupt_after:
            km.interrupt_kernel()
            interrupted_at = now
        if now > timeout:
            return outputs, "timeout", now, interrupted_at
        try:
            msg = kc.get_iopub_msg(timeout=0.05)
        except Exception:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        t, c = msg["msg_type"], msg["content"]
        if t == "stream":
            outputs.append({"output_type": "stream", "name": c["name"], "text": c["text"], "t": now})
        elif t in ("display_data", "update_display_data", "execute_result"):
            outputs.append({"output_type": t, "data": c.get("data", {}),
                            "display_id": c.get("transient", {}).get("display_id"), "t": now})
        elif t == "error":
            outputs.append({"output_type": "error", "ename": c["ename"], "evalue": c["evalue"],
                            "traceback": c["traceback"], "t": now})
        elif t == "status" and c["execution_state"] == "idle":
            idle = True
    while True:
        reply = kc.get_shell_msg(timeout=10)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    status = reply["content"].get("status", "unknown")
    return outputs, status, time.monotonic() - start, interrupted_at


def main():
    name, cwd = sys.argv[1], sys.argv[2]
    km = KernelManager(kernel_name=name)
    km.start_kernel(cwd=cwd)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    print(json.dumps({"pid": pid_of(km)}), flush=True)
    for line in sys.stdin:
        req = json.loads(line)
        op = req["op"]
        if op == "execute":
            msg_id = kc.execute(req["code"])
            outputs, status, elapsed, at = collect(kc, msg_id, req.get("timeout", 60), req.get("interrupt_after"), km)
            print(json.dumps({"outputs": outputs, "status": status, "elapsed": elapsed, "interrupted_at": at}), flush=True)
        elif op == "restart":
            km.restart_kernel(now=False)
            kc.stop_channels()
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=60)
            print(json.dumps({"pid": pid_of(km)}), flush=True)
        elif op == "pid":
            print(json.dumps({"pid": pid_of(km)}), flush=True)
        elif op == "shutdown":
            kc.stop_channels()
            km.shutdown_kernel(now=False)
            print(json.dumps({}), flush=True)
            return


if __name__ == "__main__":
    main()
