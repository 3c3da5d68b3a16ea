# Run one notebook's code cells through a learner's own notebook server behind JupyterHub:
# a kernel made by that server's REST API, each cell an execute_request over its websocket,
# as JupyterLab would send it. Prints one JSON line: {"user", "cells", "errors", "kernel_pid"}.
#   python3 run-chapter.py HUB_URL USER TOKEN NOTEBOOK_PATH_IN_SERVER
import asyncio
import json
import sys
import uuid
from urllib.request import Request, urlopen

from tornado.websocket import websocket_connect

hub, user, token, path = sys.argv[1:5]
base = f"{hub}/user/{user}"
headers = {"Authorization": f"token {token}"}


def api(method, url, body=None):
    req = Request(base + url, method=method, headers={**headers, "Content-Type": "application/json"},
                  data=json.dumps(body).encode() if body is not None else None)
    with urlopen(req, timeout=60) as r:
        text = r.read()
        return json.loads(text) if text else None


async def main():
    nb = api("GET", f"/api/contents/{path}")["content"]
    session = api("POST", "/api/sessions", {"path": path, "type": "notebook", "kernel": {"name": "tslab"}})
    kid = session["kernel"]["id"]
    ws = await websocket_connect(
        __import__("tornado.httpclient", fromlist=["HTTPRequest"]).HTTPRequest(
            base.replace("http", "ws", 1) + f"/api/kernels/{kid}/channels", headers=headers))
    errors, cells = [], 0
    pid = None
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        cells += 1
        src = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        msg_id = uuid.uuid4().hex
        await ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user, "session": uuid.uuid4().hex, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": src, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        while True:
            raw = await asyncio.wait_for(ws.read_message(), 300)
            if raw is None:
                raise SystemExit("websocket closed")
            m = json.loads(raw)
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "error":
                errors.append({"cell": i, "ename": m["content"]["ename"], "evalue": m["content"]["evalue"][:500]})
            if m["msg_type"] == "execute_reply" and m["channel"] == "shell":
                if m["content"]["status"] != "ok" and not any(e["cell"] == i for e in errors):
                    errors.append({"cell": i, "ename": m["content"].get("ename", m["content"]["status"]), "evalue": m["content"].get("evalue", "")[:500]})
                break
    # the kernel's own process id, asked of the kernel itself. Right after a cell that failed the
    # kernel aborts requests for a moment: ask again then, so the errors above are what gets reported.
    for attempt in range(10):
        msg_id = uuid.uuid4().hex
        await ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": user, "session": uuid.uuid4().hex, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"code": "console.log('PID=' + process.pid)", "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False},
        }))
        replied = idle = False
        while not (replied and idle):
            m = json.loads(await asyncio.wait_for(ws.read_message(), 60))
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "stream" and "PID=" in m["content"]["text"]:
                pid = int(m["content"]["text"].split("PID=")[1].split()[0])
            replied = replied or (m["msg_type"] == "execute_reply" and m["channel"] == "shell")
            idle = idle or (m["msg_type"] == "status" and m["content"]["execution_state"] == "idle")
        if pid is not None:
            break
        await asyncio.sleep(0.5)
    print(json.dumps({"user": user, "cells": cells, "errors": errors, "kernel_pid": pid, "kernel_id": kid}), flush=True)
    # keep the kernel (and its lab) until told: the test looks at them first
    sys.stdin.readline()
    ws.close()
    api("DELETE", f"/api/sessions/{session['id']}")


asyncio.run(main())
