# JupyterHub for a study group on one server: Debian's jupyterhub (3.0) with
# configurable-http-proxy (npm), local Unix users logging in with their own passwords (PAM), each
# getting a notebook server of their own (as themselves, never root) with the tslab kernel.
# Every kernel's lab is rootless and the learner's own: a user namespace of theirs, with the
# subordinate ids /etc/subuid and /etc/subgid give them (useradd gives every new user a range).
#
#   sudo VETHBOOK_CHECKOUT=/opt/vethbook VETHBOOK_HUB_USERS=alice,bob,carol \
#        jupyterhub -f /opt/vethbook/jupyterhub/jupyterhub_config.py
#
# Environment (all optional but VETHBOOK_CHECKOUT):
#   VETHBOOK_CHECKOUT   a built checkout every learner can read (dist/, node_modules/, notebooks/)
#   VETHBOOK_HUB_USERS  who may log in (comma-separated Unix users); default: any local user
#   VETHBOOK_HUB_IP / VETHBOOK_HUB_PORT   where the hub listens (default 127.0.0.1:8000)
#   VETHBOOK_KERNELS    a folder with kernels/tslab/kernel.json (vethbook kernel install --prefix)
#   VETHBOOK_HUB_TOKEN  an API token (8+ characters) for a "vethbook-admin" service (scripts, the test)
#   VETHBOOK_CHP        configurable-http-proxy's path (default: the checkout's node_modules/.bin)
import os
import pwd
import shutil

c = get_config()  # noqa: F821 (JupyterHub provides it)

checkout = os.environ["VETHBOOK_CHECKOUT"]
c.JupyterHub.ip = os.environ.get("VETHBOOK_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("VETHBOOK_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:%d" % (c.JupyterHub.port + 1)
# configurable-http-proxy from npm (a devDependency of this checkout), or VETHBOOK_CHP. Debian's
# node-configurable-http-proxy only runs on Debian's own nodejs, not on a Node 20 from elsewhere.
_chp = os.path.join(checkout, "node_modules/.bin/configurable-http-proxy")
c.ConfigurableHTTPProxy.command = [os.environ.get("VETHBOOK_CHP") or (_chp if os.path.exists(_chp) else "configurable-http-proxy")]
c.JupyterHub.hub_port = c.JupyterHub.port + 2
c.JupyterHub.authenticator_class = "pam"
users = [u for u in os.environ.get("VETHBOOK_HUB_USERS", "").split(",") if u]
if users:
    c.Authenticator.allowed_users = set(users)
c.Authenticator.admin_users = set()

# Each learner's server runs as that learner (LocalProcessSpawner: setuid before exec).
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.default_url = "/tree/vethbook/notebooks"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
kernels = os.environ.get("VETHBOOK_KERNELS")
c.Spawner.environment = {
    # The kernel's lab is the learner's own: rootless, with its record in the learner's folder.
    "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
    **({"JUPYTER_PATH": kernels} if kernels else {}),
}


def vethbook_folder(spawner):
    """~/vethbook: the chapters as the learner's own copies; dist/ and node_modules/ point at the
    shared checkout (the chapters import ../dist/kernel-helpers/index.js)."""
    user = pwd.getpwnam(spawner.user.name)
    home = os.path.join(user.pw_dir, "vethbook")
    os.makedirs(os.path.join(home, "notebooks"), exist_ok=True)
    for part in ("dist", "node_modules"):
        link = os.path.join(home, part)
        if not os.path.lexists(link):
            os.symlink(os.path.join(checkout, part), link)
    src = os.path.join(checkout, "notebooks")
    for name in os.listdir(src):
        dst = os.path.join(home, "notebooks", name)
        if name.endswith(".ipynb") and not os.path.exists(dst):
            shutil.copyfile(os.path.join(src, name), dst)
    for root, dirs, files in os.walk(home):
        for n in dirs + files:
            os.lchown(os.path.join(root, n), user.pw_uid, user.pw_gid)
    os.lchown(home, user.pw_uid, user.pw_gid)


c.Spawner.pre_spawn_hook = vethbook_folder

token = os.environ.get("VETHBOOK_HUB_TOKEN")
if token:
    c.JupyterHub.services = [{"name": "vethbook-admin", "api_token": token}]
    c.JupyterHub.load_roles = [{
        "name": "vethbook-admin",
        "scopes": ["admin:users", "admin:servers", "access:servers", "read:users", "list:users"],
        "services": ["vethbook-admin"],
    }]
