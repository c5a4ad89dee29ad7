"""Serves the lab front end in build/ with Debian's jupyter_server and jupyterlab_server.

A small LabServerApp, the shape of JupyterLab's own examples/app: PyPI (and with it the
`jupyterlab` package) is out of reach here, so `npm run lab` builds the front end from npm
packages and serves it with this. `--LossymlLab.stock=True` disables lossyml's renderers in the page config,
to see what a notebook shows without the extension. Other arguments go to jupyter_server
(for example --ServerApp.port=8899).
"""
import json
import os
import sys

from jupyterlab_server import LabServerApp
from traitlets import Bool, Unicode

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, "build")

# Configuration files on disk (~/.jupyter) must not change this app.
os.environ["JUPYTER_NO_CONFIG"] = "1"

with open(os.path.join(HERE, "package.json")) as f:
    VERSION = json.load(f)["version"]


def _jupyter_server_extension_points():
    # jupyter_server 1.23 calls this; without it: "'NoneType' object is not callable".
    return [{"module": __name__, "app": LossymlLab}]


class LossymlLab(LabServerApp):
    name = "lossyml_lab"
    extension_url = "/lab"
    default_url = "/lab"
    app_url = "/lab"
    load_other_extensions = False
    app_name = "lossyml lab"
    app_version = VERSION
    app_settings_dir = os.path.join(BUILD, "application_settings")
    schemas_dir = os.path.join(BUILD, "schemas")
    static_dir = BUILD
    templates_dir = os.path.join(HERE, "templates")
    themes_dir = os.path.join(BUILD, "themes")
    # Traits, not plain attributes: a plain class attribute would hide LabServerApp's trait, and
    # --LossymlLab.user_settings_dir (the browser test's fresh folder per run) would be ignored.
    user_settings_dir = Unicode(os.path.join(BUILD, "user_settings"), config=True, help="Where the reader's settings (the theme) are kept.")
    workspaces_dir = Unicode(os.path.join(BUILD, "workspaces"), config=True, help="Where workspaces (the layout) are kept.")

    stock = Bool(False, config=True, help="Disable lossyml's renderers (show the vega-lite fallbacks).")

    def initialize_settings(self):
        super().initialize_settings()
        if self.stock:
            def hook(_handler, page_config):
                page_config["disabledExtensions"] = list(page_config.get("disabledExtensions") or []) + ["@lossyml/jupyterlab"]
                return page_config

            self.settings["page_config_hook"] = hook


if __name__ == "__main__":
    if not os.path.exists(os.path.join(BUILD, "bundle.js")):
        sys.exit("lossyml lab: build/bundle.js is missing; run `node scripts/lab/build.js` (npm run lab does)")
    LossymlLab.launch_instance()
