"""Execute notebooks through the Jupyter protocol (nbclient) with the tslab kernel, for
jupyter.test.ts. Usage: run_nbclient.py NOTEBOOK... ; prints one JSON summary per notebook:
error outputs, stderr text (tslab reports a failing cell only there),
figure outputs (Plotly object with data and layout, HTML fallback beside it),
HTML tables, seconds, and the seconds of each code cell (busy to idle, as nbclient records them).
Uses Debian's python3-nbclient; the kernel named "tslab" must be
registered in JUPYTER_DATA_DIR (npm run jupyter:kernel)."""
import json
import os
import sys
import time
from datetime import datetime

import nbclient
import nbformat

PLOTLY = "application/vnd.plotly.v1+json"


def cell_seconds(cell):
    """Seconds from the kernel's busy to its idle status for a code cell (nbclient's timing record)."""
    t = cell.get("metadata", {}).get("execution", {})
    if "iopub.status.busy" not in t or "iopub.status.idle" not in t:
        return None
    busy, idle = (datetime.fromisoformat(t[k].replace("Z", "+00:00")) for k in ("iopub.status.busy", "iopub.status.idle"))
    return round((idle - busy).total_seconds(), 2)


for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    started = time.monotonic()
    error = None
    try:
        # The kernel starts in the notebook's folder, as a Jupyter front-end starts it.
        nbclient.NotebookClient(nb, kernel_name="tslab", timeout=600, allow_errors=True,
                                resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}}).execute()
    except Exception as e:  # a kernel that dies or times out: reported, not raised
        error = f"{type(e).__name__}: {e}"
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    figures = [o for o in outputs if o.get("output_type") == "display_data" and PLOTLY in o.get("data", {})]
    print(json.dumps({
        "notebook": path,
        "seconds": round(time.monotonic() - started, 1),
        "error": error,
        "errors": [o.get("ename", "") + ": " + o.get("evalue", "") for o in outputs if o.get("output_type") == "error"],
        "stderr": [o["text"][:300] for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stderr"],
        "figures": len(figures),
        "figureObjects": sum(1 for o in figures if isinstance(o["data"][PLOTLY], dict)
                             and "data" in o["data"][PLOTLY] and "layout" in o["data"][PLOTLY]),
        "figureFallbacks": sum(1 for o in figures if "Plotly.newPlot" in o["data"].get("text/html", "")),
        "cells": [cell_seconds(c) for c in nb.cells if c.cell_type == "code"],
        "tables": sum(1 for o in outputs if "<table" in str(o.get("data", {}).get("text/html", ""))),
    }), flush=True)
