"""Root pytest configuration: notebooks that need a file the repository does not ship are
skipped, with the reason, where that file is absent; in a notebook where only one section reads
it (paths.CNS_SECTIONS), only that section's cells are skipped."""

import pytest

from helpers import paths


def pytest_collection_modifyitems(config, items):
    if paths.find_cns_file() is not None:
        return
    skip = pytest.mark.skip(reason=paths.NO_FILE)
    for item in items:
        if any(item.nodeid.startswith(f"notebooks/{name}.ipynb") for name in paths.NOTEBOOKS_NEEDING_CNS):
            item.add_marker(skip)
        for name, prefix in paths.CNS_SECTIONS.items():
            cell = getattr(item, "cell", None)
            if item.nodeid.startswith(f"notebooks/{name}.ipynb") and cell is not None \
                    and str(cell.get("id", "")).startswith(prefix):
                item.add_marker(skip)
